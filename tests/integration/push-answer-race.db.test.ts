/**
 * The smallest cases behind tests/integration/chaos.db.test.ts, without randomness: a device's pull
 * that is under way while the device pushes a new message, and is served after the server stored
 * that message. RxDB skips a pulled document while the device's own write of it is unconfirmed
 * («the upstream will resolve it»), and the checkpoint moves past it: no later pull brings it
 * again. When the push is then confirmed (its answer was slow, or lost and the push repeated), the
 * device must still end up with the server's version of its message — its place in the chat
 * (`createdPos`) and its change position — as every other device has it.
 *
 * And a sibling: a mark edit (a `manual` collection) whose push answer is lost; the device repeats
 * the push, which must not come back as a conflict the person has to resolve.
 *
 * The app's real data layer on two devices (RxDB, replication, outbox) over HTTP through a proxy
 * (tests/fixtures/chaos-proxy.ts) that holds a request or an answer, or swallows an answer.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChaosProxy } from '../fixtures/chaos-proxy.ts';
import { DEMO_SIGN_INS, DEMO_TEACHER_ID } from '../../api/demo/index.ts';
import { startDevice, type RemoteDevice } from '../fixtures/device-rpc.ts';
import { startListeningApp, type ListeningApp } from '../fixtures/listening-app.ts';
import { waitUntil } from '../fixtures/wait-until.ts';

const CHAT = 'chat-parents-7a';
const phoneOf = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;

let t: ListeningApp;
let proxy: ChaosProxy;
let author: RemoteDevice;
let reader: RemoteDevice;
beforeAll(async () => {
  t = await startListeningApp();
  proxy = new ChaosProxy(Number(new URL(t.baseUrl).port));
  const base = `http://127.0.0.1:${await proxy.listen()}`;
  // The parent and 7А's homeroom teacher are both in 7А's parents' chat.
  [author, reader] = await Promise.all([startDevice(base, phoneOf('parent'), 'race-author'), startDevice(base, phoneOf('teacher'), 'race-reader')]);
}, 120_000);
afterAll(async () => {
  await Promise.allSettled([author?.close(), reader?.close()]);
  await proxy?.close();
  await t?.close();
});

function message(text: string): Record<string, unknown> & { id: string } {
  return {
    id: randomUUID(),
    chatId: CHAT,
    authorId: author.session.userId,
    clientId: 'race-author',
    text,
    createdAt: new Date().toISOString(),
    edited: false,
  };
}

/** The author's device pulls messages; the request waits in the proxy. Resolves once it is there, with the sync under way. */
async function pullUnderWay(): Promise<{ syncing: Promise<void> }> {
  await Promise.all([author.sync(), reader.sync()]);
  proxy.hold('pullMessages');
  const syncing = author.sync();
  await waitUntil(() => proxy.held('pullMessages') > 0, 10_000);
  return { syncing };
}

/** Lets the held pull reach the server and waits until the device has its answer. */
async function servePull(): Promise<void> {
  const answered = proxy.answered('pullMessages');
  proxy.release('pullMessages');
  await waitUntil(() => proxy.answered('pullMessages') > answered, 10_000);
  await new Promise((r) => setTimeout(r, 300)); // the device stores the page
}

async function expectServerVersionEverywhere(id: string): Promise<void> {
  await author.sync();
  await reader.sync();
  const [row] = await t.db.query<{ pos: string; created_pos: string }>('SELECT pos::text, created_pos::text FROM messages WHERE id = $1', [id]);
  expect(row, 'stored once on the server').toBeDefined();
  expect(await reader.get('messages', id), 'the other device').toMatchObject({ pos: row!.pos, createdPos: row!.created_pos });
  expect(await author.status()).toMatchObject({ pendingWrites: 0, needsAttention: 0 });
  expect(await author.get('messages', id), 'the author’s device has the server’s version').toMatchObject({ pos: row!.pos, createdPos: row!.created_pos });
}

describe('a pull under way while the device pushes a new message', () => {
  it('the push’s answer is lost and the repeated push changes nothing: the author’s device still gets the server’s version', async () => {
    const { syncing } = await pullUnderWay();
    proxy.dropPushAnswers = true;
    const msg = message('Ответ на отправку потерялся');
    const lost = proxy.stats.lostAnswers;
    await author.save('messages', msg);
    await waitUntil(() => proxy.stats.lostAnswers > lost, 10_000); // stored on the server, the device did not hear
    await servePull();
    proxy.dropPushAnswers = false; // the device repeats the push; the server already has it
    await syncing;
    await expectServerVersionEverywhere(msg.id);
  });

  it('the push’s answer is slow (nothing lost): the author’s device still gets the server’s version', async () => {
    const { syncing } = await pullUnderWay();
    proxy.hold('pushMessages', 'answer');
    const msg = message('Ответ на отправку задержался');
    const answered = proxy.answered('pushMessages');
    await author.save('messages', msg);
    await waitUntil(() => proxy.answered('pushMessages') > answered, 10_000); // stored; the answer waits in the proxy
    await servePull();
    proxy.release('pushMessages', 'answer');
    await syncing;
    await expectServerVersionEverywhere(msg.id);
  });
});

describe('a push repeated after a lost answer', () => {
  it('an edited mark: the repeated push is no conflict — the server already has exactly this edit', async () => {
    const teacher = reader;
    const mark = t.school.rows.marks.find((m) => m.kind === 'grade' && m.class_id === 'class-7a' && m.author_id === DEMO_TEACHER_ID)!;
    const original = (await teacher.get('marks', mark.id))!;
    const value = original.value === '5' ? '4' : '5';
    proxy.dropPushAnswers = true;
    const lost = proxy.stats.lostAnswers;
    await teacher.save('marks', { ...original, value });
    await waitUntil(() => proxy.stats.lostAnswers > lost, 10_000); // stored on the server, the device did not hear
    proxy.dropPushAnswers = false;
    await teacher.sync();
    await teacher.sync();
    expect(await t.db.query('SELECT value FROM marks WHERE id = $1', [mark.id])).toEqual([{ value }]);
    expect(await teacher.issues(), 'no conflict to resolve: nobody else changed the mark').toEqual([]);
    expect(await teacher.get('marks', mark.id)).toMatchObject({ value });
  });
});
