import type { FieldRefusal } from '../../sync/index.ts';
import { translate, type Lang } from '../i18n/messages.ts';
import type { Rejection } from './policy.ts';

/** Ids devices generate: URL-safe, bounded (a UUID or nanoid fits). */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The document breaks a domain rule; `reason` is a locales/ key under `push.`. */
export const invalid = (reason: string, params?: Record<string, string | number>): Rejection => ({
  code: 'INVALID_DOCUMENT',
  reason,
  ...(params ? { params } : {}),
});

/** A field breaks its declaration in sync/ (see sync/fields.ts). */
export const invalidField = ({ field, problem, max }: FieldRefusal): Rejection => ({
  ...invalid(`push.field.${problem}`, max === undefined ? undefined : { max }),
  field,
});

/** The pusher may not do this. */
export const forbidden = (reason: string): Rejection => ({ code: 'FORBIDDEN', reason });

/** A rejection's reason in the pusher's language, the field at fault named as people know it. */
export function rejectionMessage(lang: Lang, { reason, params, field }: Rejection): string {
  return translate(lang, reason, { ...params, ...(field ? { field: translate(lang, `sync.fields.${field}`) } : {}) });
}

/** A pushed field as a string ('' when it is anything else). */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
