/**
 * The server's SDL as a committed file (api/schema.graphql): the client's typed documents
 * (gql.tada) are checked against it, and a unit test fails when it falls behind buildSchema().
 * Regenerate: `npm run schema` (prints the file, then gql.tada's type file for the client).
 */
// graphql/index.js, not 'graphql': vitest would load the ESM copy while graphql-yoga (run by Node) loads
// the CommonJS one, and printSchema refuses a schema built by «another realm».
import { printSchema } from 'graphql/index.js';
import { buildSchema } from './schema.ts';

export const SCHEMA_FILE = new URL('./schema.graphql', import.meta.url);
export const REGENERATE = 'npm run schema';

export function printedSchema(): string {
  return `${printSchema(buildSchema())}\n`;
}
