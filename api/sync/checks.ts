import type { Rejection } from './policy.ts';

/** Ids devices generate: URL-safe, bounded (a UUID or nanoid fits). */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The document breaks a domain rule; `reason` is a locales/ key under `push.`. */
export const invalid = (reason: string, params?: Record<string, string | number>): Rejection => ({
  code: 'INVALID_DOCUMENT',
  reason,
  ...(params ? { params } : {}),
});

/** The pusher may not do this. */
export const forbidden = (reason: string): Rejection => ({ code: 'FORBIDDEN', reason });

/** A pushed field as a string ('' when it is anything else). */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
