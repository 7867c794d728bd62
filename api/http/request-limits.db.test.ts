/**
 * What an attacker did to the server — one signed-in pupil, or nobody signed in — is refused before
 * it costs anything, with an error in the person's language; and what devices really send (a push
 * of 500 documents, a full pull page) still passes. Over the real Node HTTP path and the WebSocket.
 */
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { COLLECTIONS, MESSAGE_TEXT_MAX, PULL_BATCH_MAX, PULL_BATCH_SIZE, PUSH_BATCH_SIZE, replicationQueries } from '../../sync/index.ts';
import { trackedWsClients } from '../../tests/fixtures/calls.ts';
import { DEMO_SIGN_INS } from '../demo/index.ts';
import { startListeningApp, type ListeningApp } from '../../tests/fixtures/listening-app.ts';
import { rawPost } from '../../tests/fixtures/raw-http.ts';
import { waitUntil } from '../../tests/fixtures/wait-until.ts';
import { createApp } from '../app.ts';
import { GRAPHQL_BODY_MAX_BYTES, QUERY_LIMITS, RESPONSE_MAX_BYTES, WS_MESSAGE_MAX_BYTES } from './limits.ts';

interface Answer {
  status: number;
  bytes: number;
  ms: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

let t: ListeningApp;
let pupil: string;
let pupilId: string;
const ws = trackedWsClients();
beforeAll(async () => {
  t = await startListeningApp();
  pupil = await t.signIn(DEMO_SIGN_INS.find((s) => s.role === 'student')!.phone);
  pupilId = (await t.gql<{ me: { userId: string } }>('{ me { userId } }', {}, { cookie: pupil })).data!.me.userId;
});
afterAll(async () => {
  await ws.disposeAll();
  await t.close();
});

async function post(payload: unknown, { cookie, lang }: { cookie?: string; lang?: string } = {}): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${t.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(cookie ? { cookie } : {}), ...(lang ? { 'accept-language': lang } : {}) },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  const text = await response.text();
  return { status: response.status, bytes: Buffer.byteLength(text), ms: performance.now() - started, body: JSON.parse(text) as Answer['body'] };
}

const firstError = (a: Answer | { body: string }) => {
  const body = typeof a.body === 'string' ? (JSON.parse(a.body) as Answer['body']) : a.body;
  return body.errors?.[0];
};
const MARK = 'id pos lessonId studentId classId subjectId date kind value weight comment authorId deleted';
const aliases = (n: number, field: string) => Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ');

describe('one signed-in pupil', () => {
  it('cannot send an alias bomb, however large or nested: refused before it runs, in their language', async () => {
    const huge = await post({ query: `{ pullMarks(limit: 1000) { ${aliases(10_000, `documents { ${MARK} }`)} } }` }, { cookie: pupil });
    expect(huge.status).toBe(400);
    expect(firstError(huge)?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'queryLength' });

    const hundred = await post({ query: `{ pullMarks(limit: 1000) { ${aliases(100, `documents { ${MARK} }`)} } }` }, { cookie: pupil, lang: 'en' });
    expect(hundred.status).toBe(400);
    expect(firstError(hundred)?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases', max: QUERY_LIMITS.aliases });
    expect(firstError(hundred)?.message).toBe('The request is too complex (field aliases: at most 10 allowed). Ask for less at a time.');
    expect(hundred.bytes).toBeLessThan(1000);

    const inFragments = await post(
      { query: `{ pullMarks(limit: 1000) { ...Page } } fragment Page on MarkPullBulk { ${'...Docs '.repeat(6)} } fragment Docs on MarkPullBulk { ${aliases(2, `documents { ${MARK} }`)} }` },
      { cookie: pupil, lang: 'tt' },
    );
    expect(firstError(inFragments)?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' });
    expect(firstError(inFragments)?.message).toMatch(/^Сорау артык катлаулы/);
  });

  it('cannot nest a query thousands deep: a clear refusal, not a parser stack overflow', async () => {
    const deep = await post({ query: `{ ${'me{'.repeat(3000)}userId${'}'.repeat(3000)} }` }, { cookie: pupil, lang: 'en' });
    expect(deep.status).toBe(400);
    expect(firstError(deep)?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth', max: QUERY_LIMITS.depth });
    expect(firstError(deep)?.message).toMatch(/nesting depth/);
  });

  it('cannot select thousands of fields: refused before GraphQL compares or runs them', async () => {
    const started = performance.now();
    // Aliased, each is a value for every mark of the page (the pupil's marks × 1,400).
    const aliased = await post({ query: `{ pullMarks(limit: 1000) { documents { ${aliases(1400, 'id')} } } }` }, { cookie: pupil });
    expect(firstError(aliased)?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' });
    // The same field repeated: GraphQL would compare every pair of them before running.
    const repeated = await post({ query: `{ pullMarks(limit: 1000) { documents { ${'id '.repeat(5000)} } } }` }, { cookie: pupil });
    expect(firstError(repeated)?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'fields', max: QUERY_LIMITS.fields });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('cannot send a list variable longer than any real one: refused before it is coerced', async () => {
    const ids = Array.from({ length: 200_000 }, (_, i) => `u-${i}`);
    const members = await post({ query: 'mutation($c: String!, $u: [String!]!) { addChatMembers(chatId: $c, userIds: $u) }', variables: { c: 'chat-class-7a', u: ids } }, { cookie: pupil });
    expect(members.status).toBe(400);
    expect(firstError(members)?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'listItems', max: QUERY_LIMITS.listItems });

    const rows = Array.from({ length: QUERY_LIMITS.listItems + 1 }, () => ({ assumedMasterState: null, newDocumentState: { id: 'x' } }));
    const push = await post({ query: replicationQueries(COLLECTIONS.find((c) => c.name === 'marks')!).push, variables: { rows } }, { cookie: pupil });
    expect(firstError(push)?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'listItems' });
  });

  it('cannot send a body over the cap: 413 on the declared length before reading it, and on a chunked one as it streams in', async () => {
    const headers = { 'content-type': 'application/json', cookie: pupil, 'accept-language': 'en' };
    const declared = await rawPost(`${t.baseUrl}/graphql`, {
      headers: { ...headers, 'content-length': String(GRAPHQL_BODY_MAX_BYTES + 1) },
      head: '{"query":"{ me { userId } }","variables":{"x":"',
    });
    expect(declared.status).toBe(413);
    expect(firstError(declared)).toMatchObject({ message: 'The request is too large: at most 8 MB allowed.', extensions: { code: 'REQUEST_TOO_LARGE' } });

    const upTo = 6 * GRAPHQL_BODY_MAX_BYTES;
    const chunked = await rawPost(`${t.baseUrl}/graphql`, { headers, head: '{"query":"{ me { userId } }","variables":{"x":"', stream: { upTo, chunk: 'a'.repeat(64 * 1024) } });
    expect(chunked.status).toBe(413);
    expect(firstError(chunked)?.extensions?.code).toBe('REQUEST_TOO_LARGE');
    expect(chunked.sent).toBeGreaterThan(GRAPHQL_BODY_MAX_BYTES);
    expect(chunked.sent).toBeLessThan(upTo);
  });

  it('gets the same limits on the WebSocket, and cannot send it a message of megabytes', async () => {
    const client = ws.open(t.baseUrl, pupil);
    let error: unknown = null;
    client.subscribe({ query: `subscription { streamMarks { ${aliases(11, 'collection')} } }` }, { next: () => undefined, error: (e) => void (error = e), complete: () => undefined });
    await waitUntil(() => error !== null);
    expect(JSON.stringify(error)).toContain('"code":"QUERY_TOO_COMPLEX"');

    const socket = new WebSocket(`${t.baseUrl.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', { headers: { cookie: pupil } });
    await new Promise((r) => socket.once('open', r));
    const closed = new Promise<number>((r) => socket.once('close', r));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(WS_MESSAGE_MAX_BYTES) } }));
    expect(await closed).toBe(1009); // «message too big»
  });
});

describe('nobody signed in', () => {
  it('is answered UNAUTHENTICATED before a large body is read, and before a list variable is coerced', async () => {
    const ids = JSON.stringify(Array.from({ length: 500_000 }, (_, i) => `u-${i}`));
    const head = `{"query":"mutation($c: String!, $u: [String!]!) { addChatMembers(chatId: $c, userIds: $u) }","variables":{"c":"x","u":${ids.slice(0, 1000)}`;
    // The body is declared but never sent: an answer can only come from a server that did not wait for it.
    const unread = await rawPost(`${t.baseUrl}/graphql`, { headers: { 'content-type': 'application/json', 'content-length': String(ids.length + 200) }, head });
    expect(unread.status).toBe(401);
    expect(firstError(unread)?.extensions?.code).toBe('UNAUTHENTICATED');

    // A small body (under the cap for requests without a session) gets the same answer, not a list-size one.
    const small = await post({ query: 'mutation($c: String!, $u: [String!]!) { addChatMembers(chatId: $c, userIds: $u) }', variables: { c: 'x', u: Array.from({ length: 5000 }, (_, i) => `u${i}`) } });
    expect(small.status).toBe(401);
    expect(firstError(small)?.extensions?.code).toBe('UNAUTHENTICATED');
    // What needs no session still works without one.
    expect((await post({ query: '{ me { userId } }' })).body).toEqual({ data: { me: null } });
  });

  it('gets no introspection by default; a server started with it answers the standard query', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Query") { fields { name } } }']) {
      const refused = await post({ query });
      expect(refused.status).toBe(400);
      expect(firstError(refused)?.message).toMatch(/introspection is disabled/);
      expect(refused.body.data).toBeUndefined();
    }
    const open = await createApp({ db: t.db, introspection: true });
    try {
      const ask = (query: string) =>
        open.yoga.fetch('http://parta.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      const schema = (await (await ask(getIntrospectionQuery())).json()) as Answer['body'];
      expect(schema.errors).toBeUndefined();
      expect(JSON.stringify(schema.data)).toContain('"pullMarks"');
      // Even then, walking the schema recursively through type references is refused before it runs.
      const recursive = (await (await ask('{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }')).json()) as Answer['body'];
      expect(recursive.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
    } finally {
      await open.close();
    }
  });
});

describe('what devices send', () => {
  const messages = COLLECTIONS.find((c) => c.name === 'messages')!;
  // The longest text a message may have, mostly Cyrillic (two bytes a character).
  const text = 'Завтра контрольная по алгебре, повторите параграфы 12–14. '.repeat(80).slice(0, MESSAGE_TEXT_MAX);
  const pushBody = (batch: string, rows: number): string =>
    JSON.stringify({
      query: replicationQueries(messages).push,
      operationName: 'Push',
      variables: {
        rows: Array.from({ length: rows }, (_, i) => ({
          assumedMasterState: null,
          newDocumentState: { id: `limits-${batch}-${i}`, chatId: 'chat-class-7a', authorId: pupilId, clientId: 'limits-device', text, createdAt: '2026-11-18T10:00:00.000Z', deleted: false },
        })),
      },
    });
  const LIMIT_CODES = ['QUERY_TOO_COMPLEX', 'REQUEST_TOO_LARGE', 'RESPONSE_TOO_LARGE'];

  it('a push of 500 messages of the longest text (3.8 MB) passes every request limit, up to the push’s own rule', async () => {
    const body = pushBody('500', 500);
    expect(Buffer.byteLength(body)).toBeGreaterThan(3.5 * 10 ** 6);
    const answer = await post(body, { cookie: pupil });
    // The sync engine itself takes at most 4 × PUSH_BATCH_SIZE rows (api/sync/push.ts); that, not a limit, answers.
    expect(LIMIT_CODES).not.toContain(firstError(answer)?.extensions?.code);
    expect(firstError(answer)?.extensions).toMatchObject({ code: 'BAD_REQUEST', detail: 'too many rows' });
  });

  it('pushes of as many of them as the engine takes are stored, and a device’s full pull page of them is served', async () => {
    for (let batch = 0; batch < 5; batch++) {
      const answer = await post(pushBody(String(batch), 4 * PUSH_BATCH_SIZE), { cookie: pupil });
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      // A message stored answers with the server's version of it (its position); none is refused.
      const result = answer.body.data!.pushMessages as { conflicts: { text: string }[]; rejected: unknown[] };
      expect(result.rejected).toEqual([]);
      expect(result.conflicts.filter((c) => c.text === text)).toHaveLength(4 * PUSH_BATCH_SIZE);
    }
    const page = await post({ query: replicationQueries(messages).pull, operationName: 'Pull', variables: { checkpoint: null, limit: PULL_BATCH_SIZE } }, { cookie: pupil });
    expect(page.status).toBe(200);
    expect((page.body.data!.pullMessages as { documents: unknown[] }).documents).toHaveLength(PULL_BATCH_SIZE);
    expect(page.bytes).toBeGreaterThan(3.5 * 10 ** 6);
  });

  it('an answer over the ceiling is replaced by an error rather than sent', async () => {
    const documents = `documents { id text }`;
    // Five full pages of the longest messages: 18 MB.
    const tooMuch = await post({ query: `{ pullMessages(limit: ${PULL_BATCH_MAX}) { ${aliases(5, documents)} } }` }, { cookie: pupil, lang: 'en' });
    expect(tooMuch.status).toBe(400);
    expect(firstError(tooMuch)).toMatchObject({
      message: `The answer would be too large (at most ${RESPONSE_MAX_BYTES / 2 ** 20} MB allowed). Ask for less at a time.`,
      extensions: { code: 'RESPONSE_TOO_LARGE' },
    });
    expect(tooMuch.body.data).toBeUndefined();
    expect(tooMuch.bytes).toBeLessThan(1000);
  });
});
