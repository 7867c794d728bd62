import { defineCollection, type DocOf } from '../collection.ts';

/**
 * A school's structure as typed documents in one collection (RxDB allows few collections):
 * the school itself, school years, terms, bell slots, classes, subjects and the weekly timetable.
 */
export const STRUCTURE_KINDS = ['school', 'year', 'term', 'bell', 'class', 'subject', 'timetable'] as const;
export type StructureKind = (typeof STRUCTURE_KINDS)[number];

export const structure = defineCollection({
  name: 'structure',
  typeName: 'StructureItem',
  fields: {
    kind: { type: 'string', maxLength: 16, enum: STRUCTURE_KINDS },
    schoolId: { type: 'string', maxLength: 64 },
    name: { type: 'string', optional: true },
    /** IANA time zone, on `school`. */
    timeZone: { type: 'string', optional: true },
    /** ISO dates on `year` and `term`, HH:MM on `bell`. */
    starts: { type: 'string', optional: true },
    ends: { type: 'string', optional: true },
    /** Lesson number on `bell` and `timetable`. */
    number: { type: 'integer', optional: true },
    yearId: { type: 'string', optional: true },
    classId: { type: 'string', optional: true },
    subjectId: { type: 'string', optional: true },
    teacherId: { type: 'string', optional: true },
    /** ISO weekday 1–7 on `timetable`. */
    weekday: { type: 'integer', optional: true },
    room: { type: 'string', optional: true },
  },
  indexes: [['kind', 'schoolId']],
  conflict: 'server-only',
});

/** Derived from the declaration above (DocOf). */
export type StructureDoc = DocOf<typeof structure>;
