/**
 * No operation's arguments may carry a character no text may hold (sync/text.ts): a NUL in a call
 * id, a checkpoint or a title would otherwise reach PostgreSQL, which refuses it, and the person
 * would read «Unexpected error». Refused up front as a bad request, in the person's language.
 * Pushes are left out: they refuse such a document alone and take the rest (api/sync/push.ts).
 */
import { hasForbiddenCharacters } from '../../sync/index.ts';
import { translate } from '../i18n/messages.ts';
import type { RequestContext } from './context.ts';
import { userError } from './errors.ts';

/** Where among the arguments the first string with a forbidden character is (`checkpoint.id`), or null. */
export function badTextArgument(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return hasForbiddenCharacters(value, 'multiline') ? path : null;
  const entries = Array.isArray(value)
    ? value.map((v, i) => [`${path}[${i}]`, v] as const)
    : value !== null && typeof value === 'object'
      ? Object.entries(value).map(([k, v]) => [path ? `${path}.${k}` : k, v] as const)
      : [];
  for (const [at, v] of entries) {
    const bad = badTextArgument(v, at);
    if (bad !== null) return bad;
  }
  return null;
}

type Resolve = (root: unknown, args: Record<string, unknown>, ctx: RequestContext, info: unknown) => unknown;
type RootField = Resolve | { subscribe: Resolve; resolve?: Resolve };

function checked(resolve: Resolve): Resolve {
  return (root, args, ctx, info) => {
    const bad = badTextArgument(args);
    if (bad !== null) throw userError(ctx.lang, 'BAD_REQUEST', { detail: translate(ctx.lang, 'request.badCharacters', { argument: bad }) });
    return resolve(root, args, ctx, info);
  };
}

/** The root fields (queries, mutations or subscriptions) with their arguments checked, but those in `except`. */
export function checkTextArguments(fields: Record<string, unknown>, except: ReadonlySet<string> = new Set()): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields as Record<string, RootField>).map(([name, field]) => {
      if (except.has(name)) return [name, field];
      return [name, typeof field === 'function' ? checked(field) : { ...field, subscribe: checked(field.subscribe) }];
    }),
  );
}
