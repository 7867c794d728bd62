/**
 * The contract end to end: documents the real server sends validate against the RxDB schemas the
 * client derives from sync/, checked by RxDB's dev-mode (schema rules) and ajv (every document).
 * Dev-mode is for tests only: in a browser it would load a page from the internet.
 */
import { addRxPlugin, createRxDatabase } from 'rxdb';
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripNulls, toRxSchema } from '../../client/data/rx-schema.ts';
import { COLLECTIONS, PULL_BATCH_SIZE, operationNames, selection } from '../../sync/index.ts';
import { DEMO_SIGN_INS } from '../../api/demo/index.ts';
import { startTestApp, type TestApp } from '../fixtures/test-app.ts';

disableWarnings();
addRxPlugin(RxDBDevModePlugin);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  // Every collection must hold documents for both: a call by link the teacher started, which the
  // parent joined.
  const teacher = await t.signIn(DEMO_SIGN_INS.find((s) => s.role === 'teacher')!.phone);
  const parent = await t.signIn(DEMO_SIGN_INS.find((s) => s.role === 'parent')!.phone);
  const created = await t.gql<{ createLinkCall: string }>('mutation { createLinkCall(title: "Собрание", media: VIDEO, audience: SCHOOL) }', {}, { cookie: teacher });
  const [code] = await t.db.query<{ link_code: string }>('SELECT link_code FROM calls WHERE id = $1', [created.data!.createLinkCall]);
  const joined = await t.gql('mutation($l: String!) { joinCall(linkCode: $l) { callId } }', { l: code!.link_code }, { cookie: parent });
  expect(joined.errors).toEqual([]);
});
afterAll(() => t.close());

describe('server documents against the client schemas', () => {
  for (const role of ['parent', 'teacher'] as const) {
    it(`every document a ${role} pulls is valid in the device database`, async () => {
      const cookie = await t.signIn(DEMO_SIGN_INS.find((s) => s.role === role)!.phone);
      const db = await createRxDatabase({
        name: `contract-${role}`,
        storage: wrappedValidateAjvStorage({ storage: getRxStorageMemory() }),
        multiInstance: false,
      });
      await db.addCollections(Object.fromEntries(COLLECTIONS.map((spec) => [spec.name, { schema: toRxSchema(spec) }])));
      for (const spec of COLLECTIONS) {
        const op = operationNames(spec).pull;
        const result = await t.gql<Record<string, { documents: Record<string, unknown>[] }>>(
          `query($l: Int!) { ${op}(checkpoint: null, limit: $l) { documents { ${selection(spec)} } } }`,
          { l: PULL_BATCH_SIZE },
          { cookie },
        );
        expect(result.errors).toEqual([]);
        const docs = result.data![op]!.documents.map(({ deleted, ...doc }) => ({ ...stripNulls(doc), _deleted: deleted }));
        expect(docs.length, spec.name).toBeGreaterThan(0);
        const written = await db.collections[spec.name]!.bulkInsert(docs);
        expect(written.error.map((e) => JSON.stringify(e).slice(0, 300)), spec.name).toEqual([]);
      }
      await db.remove();
    });
  }
});
