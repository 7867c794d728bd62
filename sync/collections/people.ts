import { defineCollection, type DocOf } from '../collection.ts';

/** Profiles a person may see: themselves, their children, the teachers and classmates that matter. */
export const people = defineCollection({
  name: 'people',
  typeName: 'Person',
  fields: {
    lastName: { type: 'string', nonBlank: true },
    firstName: { type: 'string', nonBlank: true },
    patronymic: { type: 'string', optional: true },
  },
  indexes: [],
  conflict: 'server-only',
});

/** Derived from the declaration above (DocOf). */
export type PersonDoc = DocOf<typeof people>;
