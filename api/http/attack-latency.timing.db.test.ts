/**
 * While one pupil sends, from several connections at once and in a loop, the costliest requests
 * the limits still allow (and an alias bomb they refuse), another person's pulls keep answering
 * within 200 ms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS, MESSAGE_TEXT_MAX, PULL_BATCH_MAX, PULL_BATCH_SIZE, PUSH_BATCH_SIZE, replicationQueries, selection } from '../../sync/index.ts';
import { DEMO_SIGN_INS } from '../../tests/fixtures/demo-school/index.ts';
import { startListeningApp, type ListeningApp } from '../../tests/fixtures/listening-app.ts';
import { buildSchema } from '../schema.ts';
import { exceededLimit, operationCost } from './cost-limit.ts';
import { QUERY_LIMITS, RESPONSE_MAX_BYTES } from './limits.ts';
import { parse } from 'graphql';

const spec = (name: string) => COLLECTIONS.find((c) => c.name === name)!;
const TEXT = 'Завтра контрольная по алгебре, повторите параграфы 12–14. '.repeat(80).slice(0, MESSAGE_TEXT_MAX);

let t: ListeningApp;
let pupil: string;
let parent: string;
beforeAll(async () => {
  t = await startListeningApp();
  pupil = await t.signIn(DEMO_SIGN_INS.find((s) => s.role === 'student')!.phone);
  parent = await t.signIn(DEMO_SIGN_INS.find((s) => s.role === 'parent')!.phone);
  const pupilId = (await t.gql<{ me: { userId: string } }>('{ me { userId } }', {}, { cookie: pupil })).data!.me.userId;
  // The pupil first fills their class chat with PULL_BATCH_MAX messages of the longest text, so that
  // every message pull is as heavy as one can be.
  for (let batch = 0; batch < PULL_BATCH_MAX / (4 * PUSH_BATCH_SIZE); batch++) {
    const rows = Array.from({ length: 4 * PUSH_BATCH_SIZE }, (_, i) => ({
      assumedMasterState: null,
      newDocumentState: { id: `flood-${batch}-${i}`, chatId: 'chat-class-7a', authorId: pupilId, clientId: 'flood', text: TEXT, createdAt: '2026-11-18T10:00:00.000Z', deleted: false },
    }));
    const pushed = await t.gql(replicationQueries(spec('messages')).push!, { rows }, { cookie: pupil });
    expect(pushed.errors).toEqual([]);
  }
});
afterAll(() => t.close());

async function post(query: string, variables: Record<string, unknown>, cookie: string): Promise<{ status: number; bytes: number }> {
  const response = await fetch(`${t.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', cookie },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, bytes: (await response.arrayBuffer()).byteLength };
}

describe('one pupil hammering the server', () => {
  // The most bytes an answer may have: as many pages of those messages' texts as fit under the ceiling.
  const perPage = PULL_BATCH_MAX * (Buffer.byteLength(JSON.stringify({ text: TEXT })) + 1);
  const pages = Array.from({ length: Math.floor(RESPONSE_MAX_BYTES / perPage) }, (_, i) => `a${i}: documents { text }`);
  const heaviest = `{ pullMessages(limit: ${PULL_BATCH_MAX}) { ${pages.join(' ')} } }`;
  // The most values an answer may hold: full pages of lessons (the pupil sees over a thousand), thrice.
  const lessons = `documents { ${selection(spec('lessons'))} }`;
  const costliest = `{ pullLessons(limit: ${PULL_BATCH_MAX}) { a: ${lessons} b: ${lessons} c: ${lessons} } }`;
  // The most rows read: as many pulls of whole message pages as the cost allows, selecting little.
  const widest = `{ ${[0, 1, 2].map((i) => `p${i}: pullMessages(limit: ${PULL_BATCH_MAX}) { documents { id } }`).join(' ')} }`;
  // What the limits are for: a hundred pages in one request (refused at once).
  const bomb = `{ pullLessons(limit: ${PULL_BATCH_MAX}) { ${Array.from({ length: 100 }, (_, i) => `a${i}: ${lessons}`).join(' ')} } }`;

  it('the attack is the worst the limits allow', async () => {
    const schema = buildSchema();
    for (const query of [costliest, widest]) {
      expect(exceededLimit(operationCost(schema, parse(query)))).toBeNull();
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
    for (let i = 0; i < 3; i++) await timedPull(); // warm

    let attacking = true;
    const attacks = { sent: 0, refused: 0, bombs: 0, bombsRefused: 0 };
    const attacker = async (query: string): Promise<void> => {
      while (attacking) {
        const answer = await post(query, {}, pupil);
        if (query === bomb) {
          attacks.bombs++;
          if (answer.status === 400) attacks.bombsRefused++;
        } else {
          attacks.sent++;
          if (answer.status !== 200) attacks.refused++;
        }
      }
    };
    const loops = [heaviest, heaviest, costliest, widest, bomb].map(attacker);
    await new Promise((r) => setTimeout(r, 300));
    const times: number[] = [];
    try {
      for (let i = 0; i < 20; i++) times.push(await timedPull());
    } finally {
      attacking = false;
      await Promise.all(loops);
    }
    const worst = Math.max(...times);
    const figures = `pulls: max ${worst.toFixed(0)} ms, median ${times.sort((a, b) => a - b)[10]!.toFixed(0)} ms; ${attacks.sent} allowed and ${attacks.bombs} refused attacks`;
    expect(attacks.sent, figures).toBeGreaterThan(20);
    expect(attacks.refused, figures).toBe(0);
    expect(attacks.bombsRefused, figures).toBe(attacks.bombs);
    expect(worst, figures).toBeLessThan(200);
  });
});
