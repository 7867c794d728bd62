/**
 * Proof that an operation is checked against api/schema.graphql: `gql-tada check` (part of `npm run
 * typecheck`) fails on a planted document that asks for a field the schema lacks, and says which.
 * A valid document beside it must pass, so the failure is the unknown field's, not the setup's.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
// Inside the repository (.tmp/ is git-ignored) so the planted file resolves gql.tada like app code.
mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
const dir = mkdtempSync(path.join(ROOT, '.tmp/tada-probe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rel = (p: string) => path.relative(dir, path.join(ROOT, p)).split(path.sep).join('/');

describe('typed GraphQL documents', () => {
  it('a type-check fails when an operation asks for a field the schema lacks', async () => {
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: rel('tsconfig.json'),
        compilerOptions: {
          plugins: [{ name: 'gql.tada/ts-plugin', schema: rel('api/schema.graphql'), tadaOutputLocation: rel('client/shared/graphql-env.d.ts') }],
        },
        include: ['planted.ts'],
      }),
    );
    writeFileSync(
      path.join(dir, 'planted.ts'),
      [
        `import { graphql } from '${rel('client/shared/graphql.ts')}';`,
        'export const valid = graphql(`query Valid { me { userId roles { role } } }`);',
        'export const planted = graphql(`query Planted { me { userId shoeSize } }`);',
        '',
      ].join('\n'),
    );
    const run = promisify(execFile)(path.join(ROOT, 'node_modules/.bin/gql-tada'), ['check', '-c', path.join(dir, 'tsconfig.json')], { cwd: ROOT });
    const failure = await run.then(
      () => null,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(failure, 'gql-tada check passed a document with an unknown field').not.toBeNull();
    const output = `${failure!.stdout}${failure!.stderr}`;
    expect(output).toContain('Cannot query field "shoeSize" on type "Me"');
    expect(output).toMatch(/✖ 1 problems? \(1 errors?/);
  }, 120_000); // a TypeScript program with the plugin: ~25 s on a busy 2-core machine
});
