import { defineCollection } from '../collection.ts';

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

export interface PersonDoc {
  id: string;
  pos: string;
  lastName: string;
  firstName: string;
  patronymic?: string;
}
