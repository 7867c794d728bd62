import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
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

  it('is what the client\'s operation types are built from (client/shared/graphql-env.d.ts is current)', async () => {
    const root = path.resolve(import.meta.dirname, '..');
    mkdirSync(path.join(root, '.tmp'), { recursive: true });
    const dir = mkdtempSync(path.join(root, '.tmp/tada-output-'));
    try {
      const fresh = path.join(dir, 'graphql-env.d.ts');
      await promisify(execFile)(path.join(root, 'node_modules/.bin/gql-tada'), ['generate', 'output', '--output', fresh], { cwd: root });
      const committed = readFileSync(path.join(root, 'client/shared/graphql-env.d.ts'), 'utf8');
      expect(committed === readFileSync(fresh, 'utf8'), `client/shared/graphql-env.d.ts is stale: run \`${REGENERATE}\` and commit the result`).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000); // a TypeScript program is loaded: ~10 s on a busy 2-core machine

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
