/**
 * An error the person sees, kept as a code and its parameters (the server's `extensions`, see
 * sync/errors.ts) and worded only when shown: an error already on screen follows a change of
 * language. NETWORK is the client's own code: no answer came at all.
 */
import { ERROR_CODES } from '../../sync/index.ts';

export type ErrorParams = Readonly<Record<string, string | number>>;

export interface UserError {
  readonly code: string;
  readonly params: ErrorParams;
}

export const NETWORK = 'NETWORK';
/** Every code a UserError can carry; each has a message under `errors.<code>` in locales/. */
export const WORDED_CODES: readonly string[] = [...ERROR_CODES, NETWORK];

/** A UserError with a code the catalogs know; anything else is shown as INTERNAL. */
export function userError(code: string, params: ErrorParams = {}): UserError {
  return WORDED_CODES.includes(code) ? { code, params } : { code: 'INTERNAL', params: {} };
}

/** The code and parameters of a GraphQL error (`extensions: { code, minutes, … }`); INTERNAL without them. */
export function fromGraphQLError(error: unknown): UserError {
  const extensions = typeof error === 'object' && error !== null ? (error as { extensions?: unknown }).extensions : undefined;
  const { code, ...rest } = typeof extensions === 'object' && extensions !== null ? (extensions as Record<string, unknown>) : {};
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(rest)) if (typeof value === 'string' || typeof value === 'number') params[key] = value;
  return userError(typeof code === 'string' ? code : 'INTERNAL', params);
}

/** What to show for anything thrown: its code when it carries one (ApiError, NetworkError), else INTERNAL. */
export function toUserError(e: unknown): UserError {
  if (typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string') {
    const { code, params } = e as { code: string; params?: ErrorParams };
    return userError(code, params ?? {});
  }
  return userError('INTERNAL');
}
