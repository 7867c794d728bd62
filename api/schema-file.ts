/**
 * The server's SDL as a committed file (api/schema.graphql): the client's typed documents
 * (gql.tada) are checked against it, and a unit test fails when it falls behind buildSchema().
 * Regenerate: `npm run schema` (prints the file, then gql.tada's type file for the client).
 */
import { printSchema } from 'graphql';
import { buildSchema } from './schema.ts';

export const SCHEMA_FILE = new URL('./schema.graphql', import.meta.url);
export const REGENERATE = 'npm run schema';

export function printedSchema(): string {
  return `${printSchema(buildSchema())}\n`;
}
