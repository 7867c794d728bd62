/**
 * The rooms of ARCHITECTURE.md are kept by lint: each boundary rule of eslint.config.js must fire on
 * a planted import that crosses it, and stay quiet on the import the same file is allowed. The real
 * config file is read (ESLint's Node API, as `npx eslint` does), at the planted file's path.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The boundary messages ESLint gives a file at `filePath` that imports `source`. */
async function boundaryErrors(filePath: string, source: string): Promise<string[]> {
  const code = `import { planted } from '${source}';\nexport const used = planted;\n`;
  const [result] = await eslint.lintText(code, { filePath: `${root}/${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['client/diary/planted.ts', '../calls/queries.ts'],
    ['client/journal/planted.tsx', '../diary/queries.ts'],
    ['client/calls/planted.ts', '../journal/queries.ts'],
  ])('a client domain never imports another: %s → %s', async (file, source) => {
    expect(await boundaryErrors(file, source)).toHaveLength(1);
  });

  it.each([
    ['client/data/planted.ts', '../diary/queries.ts'],
    ['client/shared/planted.ts', '../calls/queries.ts'],
    ['client/i18n/planted.ts', '../app/App.tsx'],
  ])('the client engine and kits import no domain: %s → %s', async (file, source) => {
    expect(await boundaryErrors(file, source)).toHaveLength(1);
  });

  it.each([
    ['api/chat/planted.ts', '../calls/deps.ts'],
    ['api/journal/planted.ts', '../diary/lessons.sync.ts'],
    ['api/calls/janus/planted.ts', '../../accounts/passwords.ts'],
    ['api/accounts/planted.ts', '../demo/index.ts'],
  ])('a server domain never imports another: %s → %s', async (file, source) => {
    expect(await boundaryErrors(file, source)).toHaveLength(1);
  });

  it.each([
    ['api/sync/planted.ts', '../journal/marks-push.ts'],
    ['api/sync/planted.ts', '../chat/sync.ts'],
    ['api/http/planted.ts', '../calls/deps.ts'],
    ['api/db/planted.ts', '../accounts/scope.ts'],
  ])('the sync engine and the shared kits import no domain: %s → %s', async (file, source) => {
    expect(await boundaryErrors(file, source)).toHaveLength(1);
  });

  it.each([
    ['api/demo/planted.ts', '../../tests/fixtures/test-app.ts'],
    ['api/calls/planted.ts', '../../tests/fixtures/calls.ts'],
    ['api/sync/planted.ts', '../../tests/fixtures/wait-until.ts'],
    ['api/app.ts', '../tests/fixtures/test-app.ts'],
    // The demo school's loader was exempt while its generator lived in tests/: no longer.
    ['api/demo.ts', '../tests/fixtures/demo-school/index.ts'],
  ])('production code never imports tests: %s → %s', async (file, source) => {
    expect(await boundaryErrors(file, source)).toHaveLength(1);
  });

  it.each([
    ['client/diary/planted.ts', '../data/index.ts'],
    ['client/diary/planted.ts', '../shared/school-queries.ts'],
    ['client/shared/planted.ts', '../data/index.ts'],
    ['api/journal/planted.ts', '../sync/policy.ts'],
    ['api/chat/planted.ts', '../http/errors.ts'],
    ['api/calls/planted.ts', '../../sync/index.ts'],
    ['api/sync/planted.ts', '../db/database.ts'],
    ['api/schema.ts', './journal/sync.ts'],
    ['api/demo/planted.ts', '../accounts/passwords.ts'],
    ['api/calls/planted.test.ts', '../../tests/fixtures/calls.ts'],
  ])('what a file may import passes: %s → %s', async (file, source) => {
    expect(await boundaryErrors(file, source)).toEqual([]);
  });
});
