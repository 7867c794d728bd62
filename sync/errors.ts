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
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
