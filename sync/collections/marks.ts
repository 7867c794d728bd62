import { defineCollection, type DocOf } from '../collection.ts';

/** Grades (5-point scale) and attendance marks a student got at a lesson. */
export const MARK_KINDS = ['grade', 'attendance'] as const;
export type MarkKind = (typeof MARK_KINDS)[number];
export const GRADE_VALUES = ['1', '2', '3', '4', '5'] as const;
export const ATTENDANCE_VALUES = ['absent', 'late', 'excused', 'ill'] as const;
export const MARK_COMMENT_MAX = 500;

export const marks = defineCollection({
  name: 'marks',
  typeName: 'Mark',
  fields: {
    lessonId: { type: 'string', maxLength: 64 },
    studentId: { type: 'string', maxLength: 64 },
    /** Copied from the lesson by the server, so the diary can query without a join. */
    classId: { type: 'string', maxLength: 64, server: true },
    subjectId: { type: 'string', maxLength: 64, server: true },
    date: { type: 'string', maxLength: 10, server: true, format: 'date' },
    kind: { type: 'string', maxLength: 16, enum: MARK_KINDS },
    value: { type: 'string', maxLength: 16 },
    weight: { type: 'integer', optional: true },
    comment: { type: 'string', optional: true, multiline: true, maxChars: MARK_COMMENT_MAX },
    /** Who wrote the current value: the server sets it to the pusher. */
    authorId: { type: 'string', optional: true, server: true },
  },
  indexes: [
    ['studentId', 'date'],
    ['studentId', 'subjectId', 'date'],
  ],
  conflict: 'manual',
});

/** Derived from the declaration above (DocOf). */
export type MarkDoc = DocOf<typeof marks>;

export function isValidMarkValue(kind: string, value: string): boolean {
  if (kind === 'grade') return (GRADE_VALUES as readonly string[]).includes(value);
  if (kind === 'attendance') return (ATTENDANCE_VALUES as readonly string[]).includes(value);
  return false;
}
