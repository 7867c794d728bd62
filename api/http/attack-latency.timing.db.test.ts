/**
 * While one pupil sends, from several connections at once and in a loop, the costliest requests
 * the limits still allow (and an alias bomb they refuse), another person's pulls keep answering
 * within 200 ms.
 *
 * As in production, the server is a process of its own (api/main.ts) and the attacker another
 * machine: here a worker thread, so reading the attack's answers (megabytes each) is neither the
 * server's time nor the measuring loop's. CI runs this file on PostgreSQL too (project «db»).
 */
import { Worker } from 'node:worker_threads';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../db/database.ts';
import { COLLECTIONS, MESSAGE_TEXT_MAX, PULL_BATCH_MAX, PULL_BATCH_SIZE, PUSH_BATCH_SIZE, replicationQueries, selection } from '../../sync/index.ts';
import { startApiProcess, type ApiProcess } from '../../tests/fixtures/api-process.ts';
import { DEMO_SIGN_INS } from '../demo/index.ts';
import { HttpApi } from '../../tests/fixtures/remote-client.ts';
import { TEST_TODAY } from '../../tests/fixtures/test-app.ts';
import { buildSchema } from '../schema.ts';
import { exceededLimit, operationCost } from './cost-limit.ts';
import { QUERY_LIMITS, RESPONSE_MAX_BYTES } from './limits.ts';

const databaseUrl = process.env.DATABASE_URL || undefined;
const spec = (name: string) => COLLECTIONS.find((c) => c.name === name)!;
const TEXT = 'Завтра контрольная по алгебре, повторите параграфы 12–14. '.repeat(80).slice(0, MESSAGE_TEXT_MAX);

let server: ApiProcess;
let pupil: string;
let parent: string;
beforeAll(async () => {
  if (databaseUrl) {
    // A fresh database, as every database test starts from; the process migrates it and loads the demo school.
    const db = await openDb({ databaseUrl });
    await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;').finally(() => db.close());
  }
  server = await startApiProcess({ name: 'attacked', today: TEST_TODAY, databaseUrl });
  const api = new HttpApi(server.url);
  const signedIn = await api.signIn(DEMO_SIGN_INS.find((s) => s.role === 'student')!.phone);
  pupil = signedIn.cookie;
  parent = (await api.signIn(DEMO_SIGN_INS.find((s) => s.role === 'parent')!.phone)).cookie;
  // The pupil first fills their class chat with PULL_BATCH_MAX messages of the longest text, so that
  // every message pull is as heavy as one can be.
  for (let batch = 0; batch < Math.ceil(PULL_BATCH_MAX / (4 * PUSH_BATCH_SIZE)); batch++) {
    const rows = Array.from({ length: 4 * PUSH_BATCH_SIZE }, (_, i) => ({
      assumedMasterState: null,
      newDocumentState: { id: `flood-${batch}-${i}`, chatId: 'chat-class-7a', authorId: signedIn.userId, clientId: 'flood', text: TEXT, createdAt: '2026-11-18T10:00:00.000Z', deleted: false },
    }));
    const pushed = await api.gql(replicationQueries(spec('messages')).push!, { rows }, { cookie: pupil });
    expect(pushed.errors).toEqual([]);
  }
}, 120_000);
afterAll(() => server?.stop());

async function post(query: string, variables: Record<string, unknown>, cookie: string): Promise<{ status: number; bytes: number }> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-encoding': 'gzip, deflate, br', cookie },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, bytes: (await response.arrayBuffer()).byteLength };
}

/**
 * The attacker: one loop per query, each on its own connection, until told to stop; then it posts
 * how many were answered 200 and how many 400 (and tells of each answer as it comes). Plain
 * JavaScript, as a worker thread runs it.
 */
const ATTACKER = `
const { parentPort, workerData: { url, cookie, queries } } = require('node:worker_threads');
let attacking = true;
const counts = queries.map(() => ({ sent: 0, ok: 0, refused400: 0 }));
parentPort.on('message', () => (attacking = false));
const loop = async (query, count) => {
  while (attacking) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-encoding': 'gzip, deflate, br', cookie },
      body: JSON.stringify({ query }),
    });
    await response.arrayBuffer();
    count.sent++;
    if (response.status === 200) count.ok++;
    if (response.status === 400) count.refused400++;
    parentPort.postMessage(count === counts.at(-1) ? 'bomb' : 'answered');
  }
};
parentPort.postMessage('ready');
Promise.all(queries.map((q, i) => loop(q, counts[i]))).then(() => parentPort.postMessage(counts));
`;

describe('one pupil hammering the server', () => {
  const schema = buildSchema();
  const within = (query: string): boolean => exceededLimit(operationCost(schema, parse(query))) === null;
  /** The query of `make(n)` with the largest n the limits let through. */
  const most = (make: (n: number) => string): string => {
    let n = 1;
    while (within(make(n + 1))) n++;
    return make(n);
  };
  const aliases = (n: number, field: string): string => Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ');
  // The most bytes an answer may have: as many pages of those messages' texts as fit under the ceiling.
  const perPage = PULL_BATCH_MAX * (Buffer.byteLength(JSON.stringify({ text: TEXT })) + 1);
  const heaviest = `{ pullMessages(limit: ${PULL_BATCH_MAX}) { ${aliases(Math.floor(RESPONSE_MAX_BYTES / perPage), 'documents { text }')} } }`;
  // The most values an answer may hold: as many full pages of lessons (the pupil sees over a thousand) as the cost allows.
  const lessons = `documents { ${selection(spec('lessons'))} }`;
  const costliest = most((n) => `{ pullLessons(limit: ${PULL_BATCH_MAX}) { ${aliases(n, lessons)} } }`);
  // The most rows read: as many pulls of whole message pages as the cost allows, selecting little.
  const widest = most((n) => `{ ${aliases(n, `pullMessages(limit: ${PULL_BATCH_MAX}) { documents { id } }`)} }`);
  // What the limits are for: a hundred pages in one request (refused at once).
  const bomb = `{ pullLessons(limit: ${PULL_BATCH_MAX}) { ${aliases(100, lessons)} } }`;

  it('the attack is the worst the limits allow', async () => {
    expect(within(bomb)).toBe(false);
    for (const query of [costliest, widest]) {
      expect(within(query)).toBe(true);
      expect(operationCost(schema, parse(query)).cost).toBeGreaterThan(0.8 * QUERY_LIMITS.cost);
    }
    const heavy = await post(heaviest, {}, pupil);
    expect(heavy.status).toBe(200);
    expect(heavy.bytes).toBeGreaterThan(0.8 * RESPONSE_MAX_BYTES);
  });

  it('leaves another person’s pulls answering within 200 ms', async () => {
    const pull = replicationQueries(spec('marks')).pull;
    const timedPull = async (): Promise<number> => {
      const started = performance.now();
      const answer = await post(pull, { checkpoint: null, limit: PULL_BATCH_SIZE }, parent);
      expect(answer.status).toBe(200);
      return performance.now() - started;
    };
    const median = (times: number[]): number => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
    const quiet: number[] = [];
    for (let i = 0; i < 5; i++) quiet.push(await timedPull());

    const queries = [heaviest, heaviest, costliest, widest, bomb];
    const attacker = new Worker(ATTACKER, { eval: true, workerData: { url: `${server.url}/graphql`, cookie: pupil, queries } });
    let answered = 0;
    const counts = new Promise<{ sent: number; ok: number; refused400: number }[]>((resolve, reject) => {
      attacker.on('message', (m: unknown) => {
        if (m === 'answered') answered++;
        else if (typeof m === 'object') resolve(m as never);
      });
      attacker.on('error', reject);
    });
    await new Promise((r) => setTimeout(r, 1000));
    const times: number[] = [];
    try {
      // At least 20 pulls, and for as long as it takes the attacker to have 20 of its requests answered.
      while (times.length < 20 || answered < 20) times.push(await timedPull());
    } finally {
      attacker.postMessage('stop');
    }
    const [allowed, bombs] = [(await counts).slice(0, -1), (await counts).at(-1)!];
    await attacker.terminate();
    const sent = allowed.reduce((n, c) => n + c.sent, 0);
    const worst = Math.max(...times);
    const slow = times.filter((ms) => ms >= 200).length;
    const figures = `pulls: max ${worst.toFixed(0)} ms, median ${median(times).toFixed(0)} ms, ${slow} of ${times.length} at 200 ms or more (quiet: median ${median(quiet).toFixed(0)} ms); ${sent} allowed and ${bombs.sent} refused attacks`;
    console.log(figures);
    expect(sent, figures).toBeGreaterThan(20);
    expect(allowed.every((c) => c.ok === c.sent), figures).toBe(true);
    expect(bombs.refused400, figures).toBe(bombs.sent);
    expect(worst, figures).toBeLessThan(200);
  });
});
