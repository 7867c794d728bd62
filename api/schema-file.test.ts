import { readFileSync } from 'node:fs';
// graphql/index.js: the copy graphql-yoga uses (see schema-file.ts).
import { getNamedType, isEnumType, isObjectType } from 'graphql/index.js';
import { describe, expect, it } from 'vitest';
import { COLLECTIONS, type FieldSpec } from '../sync/index.ts';
import { buildSchema } from './schema.ts';
import { printedSchema, REGENERATE, SCHEMA_FILE } from './schema-file.ts';

describe('api/schema.graphql', () => {
  it('is the SDL the server builds (the client type-checks its operations against it)', () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    expect(committed === printedSchema(), `api/schema.graphql differs from printSchema(buildSchema()): run \`${REGENERATE}\` and commit the result`).toBe(true);
  });

  it('sends wire enums as enums, not strings', () => {
    const schema = buildSchema();
    const enumFields = [
      ...COLLECTIONS.flatMap((c) => Object.entries(c.fields as Record<string, FieldSpec>).filter(([, f]) => f.enum).map(([name]) => [c.typeName, name])),
      ['CallTicket', 'transport'],
      ['CallRoom', 'transport'],
      ['Role', 'role'],
    ];
    for (const [typeName, field] of enumFields) {
      const type = schema.getType(typeName!);
      if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
      expect(isEnumType(getNamedType(type.getFields()[field!]!.type)), `${typeName}.${field}`).toBe(true);
    }
    expect(enumFields.length).toBeGreaterThan(10);
  });
});
