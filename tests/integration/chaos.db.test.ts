/**
 * Exactly once, under chaos (ARCHITECTURE «Sync contract», idempotence): several devices — the app's
 * real data layer (client/data: RxDB, replication, outbox), each in its own worker — write many
 * messages while offline and come online together, and keep writing. While they push, the real
 * server process (api/main.ts) is killed with SIGKILL and restarted on the same port and database
 * several times, each time a moment after a push went up to it (before, during or after its
 * transaction). Between the devices and the server a TCP proxy (tests/fixtures/chaos-proxy.ts)
 * cuts every open connection at random moments, delays requests and answers (a slow mobile
 * network), and swallows answers to pushes the server has committed (a lost response, so the
 * device repeats the push). Then calm. At the end every message is on the server exactly once and
 * on every device entitled to its chat, exactly as the server has it (its position included), in
 * one order per chat, each author's messages in the order they were written, and no device has
 * anything pending or refused.
 *
 * PGlite (a temporary data directory, which a killed server leaves locked: the next start takes
 * the stale lock over) by default; the PostgreSQL server when DATABASE_URL is set (its schema is
 * reset first; the server process migrates it and loads the demo school).
 *
 * CHAOS_SEED=<n> replays the same random choices (timing still differs from run to run);
 * CHAOS_VERBOSE=1 prints the whole chaos log also when the test passes.
 * tests/integration/push-answer-race.db.test.ts holds the smallest deterministic cases.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../api/db/database.ts';
import { freePort } from '../fixtures/api-process.ts';
import { ChaosProxy } from '../fixtures/chaos-proxy.ts';
import { DEMO_SIGN_INS, generateDemoSchool } from '../../api/demo/index.ts';
import type { MessageRow } from '../../api/demo/types.ts';
import { startDevice, type RemoteDevice } from '../fixtures/device-rpc.ts';
import { ServerProcess } from '../fixtures/server-process.ts';
import { TEST_TODAY } from '../fixtures/test-app.ts';

const databaseUrl = process.env.DATABASE_URL || undefined;

/** Messages each device writes offline before they all come online. */
const OFFLINE_WRITES = 30;
/**
 * While the chaos lasts each device keeps writing, one message every 300–800 ms (so there is always
 * a push for the next kill to strike), at most this many.
 */
const ONLINE_WRITES_MAX = 100;
/** SIGKILLs of the server, each while a push is on its way to it. */
const KILLS = 3;
/** How long a restarted server lives before the next kill may come (ms, uniform). */
const UPTIME: [number, number] = [2_500, 4_500];
/** How often the proxy cuts every open connection during the chaos (ms, uniform). */
const DROP_EVERY: [number, number] = [1_500, 4_000];
/** Share of push answers the proxy swallows (the server committed, the device never hears). */
const LOST_ANSWER_RATE = 0.35;
/** A slow, uneven mobile network during the chaos: each request and answer is delayed by 0–400 ms. */
const LATENCY: [number, number] = [0, 400];
const CLASS_CHAT = 'chat-class-7a';
const PARENTS_CHAT = 'chat-parents-7a';

// ---------------------------------------------------------------------------------------------
// Randomness that can be replayed.

const seed = Number(process.env.CHAOS_SEED) || Math.floor(Math.random() * 2 ** 31);
let rngState = seed;
/** mulberry32 */
function random(): number {
  rngState = (rngState + 0x6d2b79f5) | 0;
  let t = rngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const between = (lo: number, hi: number): number => lo + random() * (hi - lo);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const started = Date.now();
const events: string[] = [];
function note(event: string): void {
  events.push(`${((Date.now() - started) / 1000).toFixed(2).padStart(6)}s ${event}`);
}

async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// The people and their devices.

interface Writer {
  device: RemoteDevice;
  clientId: string;
  /** Chats this person writes in. */
  chats: string[];
  /** Ids in the order this device wrote them. */
  written: string[];
  texts: Map<string, string>;
}

const school = generateDemoSchool({ today: TEST_TODAY });
const phoneOf = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;
const demoStudentPhone = phoneOf('student');
/** A classmate of the demo student: another 7А student, in the class chat only. */
const classmate = (() => {
  const inClass = new Set(school.rows.memberships.filter((m) => m.role === 'student' && m.class_id === 'class-7a').map((m) => m.user_id));
  const user = school.rows.users.find((u) => inClass.has(u.id) && u.phone && u.phone !== demoStudentPhone)!;
  return user.phone!;
})();
const PEOPLE = [
  // The parent (children in 5А and 7А): 7А's parents' chat, not the class chat.
  { name: 'parent', phone: phoneOf('parent'), chats: [PARENTS_CHAT] },
  // A student of 7А: the class chat, not the parents' chat.
  { name: 'student', phone: demoStudentPhone, chats: [CLASS_CHAT] },
  // Another student of 7А: a third writer in the class chat.
  { name: 'classmate', phone: classmate, chats: [CLASS_CHAT] },
  // 7А's homeroom teacher: both.
  { name: 'teacher', phone: phoneOf('teacher'), chats: [CLASS_CHAT, PARENTS_CHAT] },
] as const;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-chaos-'));
let api: ServerProcess | null = null;
let proxy: ChaosProxy | null = null;
const writers: Writer[] = [];
let passed = false;

async function resetPostgres(url: string): Promise<void> {
  const db = await openDb({ databaseUrl: url });
  try {
    await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  note(`seed ${seed} (CHAOS_SEED=${seed} replays the random choices), database: ${databaseUrl ? 'PostgreSQL' : 'PGlite'}`);
  if (databaseUrl) await resetPostgres(databaseUrl);
  const staticDir = path.join(tmp, 'static');
  fs.mkdirSync(staticDir);
  api = new ServerProcess(
    await freePort(),
    {
      PARTA_DATA_DIR: path.join(tmp, 'data'),
      PARTA_STATIC_DIR: staticDir,
      PARTA_DEMO_TODAY: TEST_TODAY,
      DATABASE_URL: databaseUrl ?? '',
    },
    note,
  );
  await api.start();
  proxy = new ChaosProxy(api.port, LOST_ANSWER_RATE, random);
  const base = `http://127.0.0.1:${await proxy.listen()}`;
  const devices = await Promise.allSettled(PEOPLE.map((p) => startDevice(base, p.phone, `chaos-${p.name}`)));
  for (const [i, d] of devices.entries()) {
    if (d.status === 'fulfilled') writers.push({ device: d.value, clientId: `chaos-${PEOPLE[i]!.name}`, chats: [...PEOPLE[i]!.chats], written: [], texts: new Map() });
  }
  const failed = devices.find((d): d is PromiseRejectedResult => d.status === 'rejected');
  if (failed) throw failed.reason;
  note(`${writers.length} devices signed in and synced`);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(writers.map((w) => within(10_000, `closing ${w.clientId}`, w.device.close())));
  await proxy?.close();
  await api?.stop(true);
  fs.rmSync(tmp, { recursive: true, force: true });
  // The whole story when something failed (or CHAOS_VERBOSE=1); one line when all went well.
  if (!passed || process.env.CHAOS_VERBOSE) console.log(`chaos log:\n${events.join('\n')}\n${passed ? '' : api?.output() ?? ''}`);
  else console.log(events.filter((e) => /seed|chaos over|checked/.test(e)).join('\n'));
}, 30_000);

async function write(w: Writer): Promise<void> {
  const n = w.written.length + 1;
  const id = randomUUID();
  const text = `${w.clientId} #${n}`;
  const chatId = w.chats[Math.floor(random() * w.chats.length)]!;
  w.written.push(id);
  w.texts.set(id, text);
  await w.device.save('messages', {
    id,
    chatId,
    authorId: w.device.session.userId,
    clientId: w.clientId,
    text,
    createdAt: new Date().toISOString(),
    edited: false,
  });
}

interface ServerMessage extends MessageRow {
  created_pos: string;
}

describe(`exactly once under chaos (${databaseUrl ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('offline writes survive SIGKILLed servers, dropped connections and lost answers: once on the server, on every entitled device, in order', async () => {
    const server = api!;
    const net_ = proxy!;

    // 1. Everyone goes offline and writes.
    await Promise.all(writers.map((w) => w.device.setOnline(false)));
    await Promise.all(
      writers.map(async (w) => {
        for (let i = 0; i < OFFLINE_WRITES; i++) await write(w);
      }),
    );
    for (const w of writers) expect((await w.device.status()).pendingWrites, w.clientId).toBe(OFFLINE_WRITES);
    note(`${writers.length} × ${OFFLINE_WRITES} messages written offline`);

    // 2. Chaos: the server is killed while pushes are on their way to it, connections die.
    let chaos = true;
    let restarting: Promise<void> = Promise.resolve();
    let restartFailed: unknown = null;
    let killArmedAt = Date.now();
    net_.chaos = true;
    net_.latency = LATENCY;
    net_.onPush = () => {
      if (!chaos || !server.running || server.kills >= KILLS || Date.now() < killArmedAt) return;
      killArmedAt = Number.POSITIVE_INFINITY;
      const delay = Math.round(between(0, 200));
      restarting = (async () => {
        await sleep(delay);
        const inFlight = net_.pushesInFlight;
        await server.kill();
        note(`SIGKILL #${server.kills}, ${delay} ms after a push went up (${inFlight} push(es) unanswered at that moment)`);
        await server.start();
        // The fresh server lives a while (pushes get through, answers get lost, connections drop) before the next kill.
        killArmedAt = Date.now() + between(...UPTIME);
      })().catch((e: unknown) => {
        restartFailed = e;
      });
    };
    net_.onAnswer = (op, ms, lost) => {
      if (chaos && lost) note(`${op} stored, its answer lost (after ${ms} ms)`);
    };
    const drops = (async () => {
      while (chaos) {
        await sleep(between(...DROP_EVERY));
        if (chaos) {
          const n = net_.cutAll();
          if (n) note(`network drop: ${n} connection(s) cut`);
        }
      }
    })();
    // A phone losing signal now and then (requests fail before they leave the device).
    const flaps = (async () => {
      while (chaos) {
        await sleep(between(800, 2_000));
        const w = writers[Math.floor(random() * writers.length)]!;
        await w.device.setOnline(false);
        await sleep(between(200, 800));
        await w.device.setOnline(true);
      }
    })();
    await Promise.all(writers.map((w) => w.device.setOnline(true)));
    note('all devices online, chaos on');
    // People keep writing while it lasts, and ask for fresh data now and then.
    const writing = writers.map(async (w) => {
      for (let i = 0; chaos && i < ONLINE_WRITES_MAX; i++) {
        await sleep(between(300, 800));
        if (chaos) await write(w);
      }
    });
    const pulling = writers.map(async (w) => {
      while (chaos) {
        await Promise.race([w.device.sync(), sleep(between(1_000, 2_500))]);
      }
    });
    const chaosDeadline = Date.now() + 60_000;
    while (server.kills < KILLS && Date.now() < chaosDeadline && !restartFailed) await sleep(50);
    await restarting;
    if (restartFailed) throw restartFailed;
    await sleep(between(...UPTIME)); // drops and lost answers against the last fresh server too
    chaos = false;
    net_.chaos = false;
    await Promise.all([drops, flaps, restarting, ...writing, ...pulling]);
    const unsent = await Promise.all(writers.map(async (w) => (await w.device.status()).pendingWrites));
    note(`chaos over: ${JSON.stringify(net_.stats)}; still to push: ${unsent.join(' + ')} of ${writers.map((w) => w.written.length).join(' + ')}`);
    expect(server.kills, `the server was killed ${server.kills} times of ${KILLS} (no push seen to kill it on?)`).toBe(KILLS);
    await Promise.all(writers.map((w) => w.device.setOnline(true)));

    // 3. Calm: every device pushes what it still has and pulls everything.
    const allWritten = new Map<string, Writer>(writers.flatMap((w) => w.written.map((id) => [id, w] as const)));
    note(`${allWritten.size} messages written in all; calm`);
    const calmDeadline = Date.now() + 30_000;
    for (;;) {
      await Promise.all(writers.map((w) => within(Math.max(1_000, calmDeadline - Date.now()), `${w.clientId} sync`, w.device.sync())));
      const states = await Promise.all(writers.map(async (w) => ({ w, status: await w.device.status() })));
      const pending = states.filter((s) => s.status.pendingWrites > 0);
      if (!pending.length) break;
      if (Date.now() > calmDeadline) {
        throw new Error(`devices still pending after the calm: ${JSON.stringify(states.map((s) => ({ device: s.w.clientId, ...s.status })))}`);
      }
    }
    // Everything is pushed; one more pull round brings everyone the others' last messages.
    await Promise.all(writers.map((w) => within(20_000, `${w.clientId} final sync`, w.device.sync())));
    await Promise.all(writers.map((w) => within(20_000, `${w.clientId} final sync`, w.device.sync())));
    note('calm: nothing pending on any device');

    // 4. The server's rows (read after a graceful stop, so on PGlite this process may open the directory).
    await server.stop();
    const db: Db = await openDb(databaseUrl ? { databaseUrl } : { dataDir: path.join(tmp, 'data') });
    let rows: ServerMessage[];
    let members: { chat_id: string; user_id: string }[];
    try {
      rows = await db.query<ServerMessage>(
        `SELECT id, chat_id, author_id, client_id, text, created_at, created_pos::text AS created_pos
           FROM messages ORDER BY messages.created_pos, messages.id`,
      );
      members = await db.query<{ chat_id: string; user_id: string }>('SELECT chat_id, user_id FROM chat_members');
    } finally {
      await db.close();
    }
    const ours = rows.filter((r) => r.client_id.startsWith('chaos-'));
    const byId = new Map(rows.map((r) => [r.id, r]));

    // Exactly once: every write is there, nothing else is, and no write came in twice under another id.
    const missing = [...allWritten.keys()].filter((id) => !byId.has(id));
    expect(missing, `${missing.length} of ${allWritten.size} writes are missing on the server`).toEqual([]);
    expect(ours.length, 'messages from the devices on the server').toBe(allWritten.size);
    const copies = new Map<string, number>();
    for (const r of ours) copies.set(`${r.client_id}\u0000${r.text}`, (copies.get(`${r.client_id}\u0000${r.text}`) ?? 0) + 1);
    expect([...copies].filter(([, n]) => n > 1), 'the same write stored under two ids').toEqual([]);
    for (const r of ours) {
      const w = allWritten.get(r.id)!;
      expect({ author: r.author_id, client: r.client_id, text: r.text }, r.id).toEqual({
        author: w.device.session.userId,
        client: w.clientId,
        text: w.texts.get(r.id),
      });
    }
    // Each author's messages are in the order that author wrote them (the server's order is created_pos).
    for (const w of writers) {
      expect(ours.filter((r) => r.client_id === w.clientId).map((r) => r.id), `${w.clientId}: server order`).toEqual(w.written);
    }

    // Every entitled device holds every message of its chats, as the server has it (its position
    // included), and nothing of other chats; per chat its order (createdPos) is the server's, so
    // the same on every device. Problems are collected so one failure shows them all.
    const problems: string[] = [];
    const report = (what: string, items: string[]): void => {
      if (items.length) problems.push(`${what}: ${items.length} — ${items.slice(0, 5).join('; ')}${items.length > 5 ? '; …' : ''}`);
    };
    const memberChats = (userId: string): Set<string> => new Set(members.filter((m) => m.user_id === userId).map((m) => m.chat_id));
    const orders: Map<string, string[]>[] = [];
    for (const w of writers) {
      const chats = memberChats(w.device.session.userId);
      report(`${w.clientId}: writes in chats it is not a member of`, w.chats.filter((c) => !chats.has(c)));
      const docs = await w.device.find('messages', {});
      const have = new Map(docs.map((d) => [String(d.id), d]));
      const expected = rows.filter((r) => chats.has(r.chat_id));
      report(`${w.clientId}: messages of chats it is not in`, docs.filter((d) => !chats.has(String(d.chatId))).map((d) => `${String(d.chatId)}/${String(d.id)}`));
      report(`${w.clientId}: messages of its chats it does not have`, expected.filter((r) => !have.has(r.id)).map((r) => `${r.chat_id}/${r.id} «${r.text}»`));
      const differ: string[] = [];
      for (const r of expected) {
        const d = have.get(r.id);
        if (!d) continue;
        const local = { chatId: d.chatId, authorId: d.authorId, clientId: d.clientId, text: d.text, createdAt: d.createdAt, createdPos: d.createdPos };
        const real = { chatId: r.chat_id, authorId: r.author_id, clientId: r.client_id, text: r.text, createdAt: r.created_at, createdPos: r.created_pos };
        const fields = Object.keys(real).filter((k) => local[k as keyof typeof local] !== real[k as keyof typeof real]);
        if (fields.length) differ.push(`«${r.text}» ${fields.map((k) => `${k}: device ${String(local[k as keyof typeof local])}, server ${real[k as keyof typeof real]}`).join(', ')}`);
      }
      report(`${w.clientId}: messages that differ from the server's`, differ);
      const order = new Map<string, string[]>();
      for (const c of chats) {
        const local = docs
          .filter((d) => d.chatId === c && d.createdPos !== undefined)
          .sort((a, b) => Number(BigInt(String(a.createdPos)) - BigInt(String(b.createdPos))))
          .map((d) => String(d.id));
        const real = expected.filter((r) => r.chat_id === c).map((r) => r.id);
        if (JSON.stringify(local) !== JSON.stringify(real)) problems.push(`${w.clientId}: order of ${c} is not the server's`);
        order.set(c, local);
      }
      orders.push(order);
      // Nothing waits to be sent, nothing was refused or met a conflict.
      report(`${w.clientId}: outbox issues`, (await w.device.issues()).map((i) => `${i.state} ${i.docId} ${i.code ?? ''} ${i.reason ?? ''}`));
      const status = await w.device.status();
      if (status.pendingWrites || status.needsAttention) problems.push(`${w.clientId}: status ${JSON.stringify(status)}`);
    }
    for (const chat of [CLASS_CHAT, PARENTS_CHAT]) {
      const seen = orders.map((o) => o.get(chat)).filter((o): o is string[] => o !== undefined);
      expect(seen.length, `devices in ${chat}`).toBeGreaterThanOrEqual(2);
      if (seen.some((o) => JSON.stringify(o) !== JSON.stringify(seen[0]))) problems.push(`devices disagree on the order of ${chat}`);
      // Each author's messages in this chat keep that author's order.
      const all = rows.filter((r) => r.chat_id === chat).map((r) => r.id);
      for (const w of writers) {
        const mine = all.filter((id) => allWritten.get(id) === w);
        if (JSON.stringify(mine) !== JSON.stringify(w.written.filter((id) => mine.includes(id)))) problems.push(`${w.clientId}: its order in ${chat} is not the order it wrote`);
      }
    }
    expect(problems, `${problems.length} problem(s) on the devices`).toEqual([]);
    note(`checked: ${allWritten.size} messages once on the server; ${writers.length} devices agree with it`);
    passed = true;
  }, 150_000);
});

