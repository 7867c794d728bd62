// Built through Yoga's own graphql instance: under Vitest our sources may load graphql's ESM build
// while Yoga loads its CommonJS build, and Yoga would then mask our errors as unexpected.
import { createGraphQLError } from 'graphql-yoga';
import type { GraphQLError } from 'graphql';
import type { ErrorCode } from '../../sync/index.ts';
import { translate, type Lang } from '../i18n/messages.ts';

export const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  SIGN_IN_DELAYED: 429,
  BAD_REQUEST: 400,
  INVALID_PHONE: 400,
  CROSS_ORIGIN: 403,
  METHOD_NOT_ALLOWED: 405,
  UNSUPPORTED_MEDIA_TYPE: 415,
  QUERY_TOO_COMPLEX: 400,
  REQUEST_TOO_LARGE: 413,
  RESPONSE_TOO_LARGE: 400,
};

/** An error the user sees: its code for the client, its message in the user's language. */
export function userError(lang: Lang, code: ErrorCode, params: Record<string, string | number> = {}): GraphQLError {
  const status = HTTP_STATUS[code];
  return createGraphQLError(translate(lang, `errors.${code}`, params), {
    extensions: { code, ...params, ...(status ? { http: { status } } : {}) },
  });
}
