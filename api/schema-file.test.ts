import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printedSchema, REGENERATE, SCHEMA_FILE } from './schema-file.ts';

describe('api/schema.graphql', () => {
  it('is the SDL the server builds (the client type-checks its operations against it)', () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    expect(committed === printedSchema(), `api/schema.graphql differs from printSchema(buildSchema()): run \`${REGENERATE}\` and commit the result`).toBe(true);
  });

  it('sends wire enums as enums, not strings', () => {
    const sdl = printedSchema();
    expect(sdl).toMatch(/transport: CallTransport!/);
    expect(sdl).not.toMatch(/(transport|role|kind|status|media|audience|whoCanPost): String/);
  });
});
