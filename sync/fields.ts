/**
 * Checks a document against its collection's declaration: every field's type, and for strings the
 * characters (sync/text.ts), length, blankness, allowed values and date format (sync/dates.ts). The
 * server runs it on every pushed document before any domain rule, and refuses that document alone;
 * the client runs it before writing, so a document the server would refuse is never queued.
 */
import { allFields, type CollectionSpec, type FieldSpec } from './collection.ts';
import { isCalendarDate, isDeviceTimestamp } from './dates.ts';
import { hasForbiddenCharacters, isBlank } from './text.ts';

/** Why a field was refused: the reason is `push.field.<problem>` in locales/. */
export type FieldProblem = 'missing' | 'wrongType' | 'outOfRange' | 'badCharacters' | 'tooLong' | 'blank' | 'notAllowed' | 'badDate' | 'badTimestamp';

export interface FieldRefusal {
  /** The field's name in the declaration (its label is `sync.fields.<field>` in locales/). */
  field: string;
  problem: FieldProblem;
  /** The length limit, for `tooLong`. */
  max?: number;
}

/** GraphQL's Int is 32-bit: a bigger integer would fail the whole request, not the one document. */
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

function checkText(field: FieldSpec, text: string, now: number): Omit<FieldRefusal, 'field'> | null {
  if (hasForbiddenCharacters(text, field.multiline ? 'multiline' : 'line')) return { problem: 'badCharacters' };
  const max = Math.min(field.maxLength ?? Infinity, field.maxChars ?? Infinity);
  if (text.length > max) return { problem: 'tooLong', max };
  if (field.nonBlank && isBlank(text)) return { problem: 'blank' };
  if (field.enum && !field.enum.includes(text)) return { problem: 'notAllowed' };
  if (field.format === 'date' && !isCalendarDate(text)) return { problem: 'badDate' };
  if (field.format === 'timestamp' && !isDeviceTimestamp(text, now)) return { problem: 'badTimestamp' };
  return null;
}

/** One value against its field's declaration; `now` bounds device timestamps. */
export function checkField(field: FieldSpec, value: unknown, now: number = Date.now()): Omit<FieldRefusal, 'field'> | null {
  if (value === null || value === undefined) return field.optional ? null : { problem: 'missing' };
  switch (field.type) {
    case 'string':
      return typeof value === 'string' ? checkText(field, value, now) : { problem: 'wrongType' };
    case 'boolean':
      return typeof value === 'boolean' ? null : { problem: 'wrongType' };
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : { problem: 'wrongType' };
    case 'integer': {
      if (!Number.isInteger(value)) return { problem: 'wrongType' };
      const n = value as number;
      const inRange = n >= Math.max(field.minimum ?? INT_MIN, INT_MIN) && n <= Math.min(field.maximum ?? INT_MAX, INT_MAX);
      return inRange ? null : { problem: 'outOfRange' };
    }
  }
}

const same = (a: unknown, b: unknown): boolean => (a ?? null) === (b ?? null);

/**
 * The first field of a document a device writes that breaks its declaration, or null. Server-set
 * fields and the position are not the device's to write and are not checked. With `stored` (the
 * server's current version) a field that keeps its stored value is not checked again: it was
 * accepted once, perhaps under older rules, and must not block a change to another field.
 */
export function checkDocument(
  spec: CollectionSpec,
  doc: Readonly<Record<string, unknown>>,
  { stored, now = Date.now() }: { stored?: Readonly<Record<string, unknown>> | undefined; now?: number } = {},
): FieldRefusal | null {
  for (const [name, field] of Object.entries(allFields(spec))) {
    if (field.server || name === 'pos') continue;
    if (stored && same(doc[name], stored[name])) continue;
    const refusal = checkField(field, doc[name], now);
    if (refusal) return { field: name, ...refusal };
  }
  return null;
}
