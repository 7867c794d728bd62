import { defineCollection, type DocOf } from '../collection.ts';

/** Journal lessons: one per class, date and lesson number, with topic and homework. */
export const lessons = defineCollection({
  name: 'lessons',
  typeName: 'Lesson',
  fields: {
    schoolId: { type: 'string', maxLength: 64 },
    classId: { type: 'string', maxLength: 64 },
    subjectId: { type: 'string', maxLength: 64 },
    teacherId: { type: 'string', maxLength: 64 },
    /** School-local date, YYYY-MM-DD. */
    date: { type: 'string', maxLength: 10, format: 'date' },
    number: { type: 'integer', minimum: 0, maximum: 20 },
    room: { type: 'string', optional: true },
    topic: { type: 'string', optional: true },
    homework: { type: 'string', optional: true, multiline: true },
  },
  indexes: [
    ['classId', 'date', 'number'],
    ['subjectId', 'date'],
    ['teacherId', 'date'],
  ],
  conflict: 'server-only',
});

/** Derived from the declaration above (DocOf). */
export type LessonDoc = DocOf<typeof lessons>;
