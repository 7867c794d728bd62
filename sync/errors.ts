/**
 * Error codes the server puts in `extensions.code`; each has a message under `errors.<code>`
 * in locales/, which the server sends in the user's language and the client can show by code.
 */
export const ERROR_CODES = [
  'INVALID_CREDENTIALS',
  'INVALID_PHONE',
  'RATE_LIMITED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_REQUEST',
  'INVALID_DOCUMENT',
  'NOT_FOUND',
  'INTERNAL',
  'CALL_NOT_IN_AUDIENCE',
  'CALL_NOT_PUBLISHED',
  'CALL_ENDED',
  'CALL_REMOVED',
  'CALL_LINK_INVALID',
  'CALL_NEEDS_SFU',
  'CALL_NOT_ADMIN',
  'CALL_NOT_YOUR_LESSON',
  'CALL_NOT_JOINED',
  'CALL_LESSON_EXISTS',
  'SIGN_IN_DELAYED',
  'CROSS_ORIGIN',
  'METHOD_NOT_ALLOWED',
  'UNSUPPORTED_MEDIA_TYPE',
  'QUERY_TOO_COMPLEX',
  'REQUEST_TOO_LARGE',
  'RESPONSE_TOO_LARGE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
