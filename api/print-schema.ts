/** Writes api/schema.graphql from the server's schema (see schema-file.ts). */
import { writeFileSync } from 'node:fs';
import { printedSchema, SCHEMA_FILE } from './schema-file.ts';

writeFileSync(SCHEMA_FILE, printedSchema());
