/**
 * Two API processes against one PostgreSQL deliver each other's changes (ARCHITECTURE «Scaling
 * out»): a message pushed through process A wakes the stream of a device connected to process B,
 * and that device's pull through B returns it; then the other way round. Real server processes
 * (api/main.ts), real HTTP and WebSocket sockets; a session made by one process is honoured by the
 * other, because sessions live in the database.
 *
 * Without DATABASE_URL the database is PGlite, and only one process may own a PGlite data directory
 * (it is locked), so the same scenario runs through ONE process (A = B). That still checks
 * push → trigger NOTIFY → LISTEN → stream wake-up → pull over real sockets, end to end; only the
 * crossing between processes needs PostgreSQL (CI runs this file on both).
 *
 * A sign-out crosses too: signing out through A closes the streams that session holds open on B.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../api/db/database.ts';
import { startApiProcess, startApiProcesses, type ApiProcess } from '../fixtures/api-process.ts';
import { DEMO_SIGN_INS } from '../../api/demo/index.ts';
import { SESSION_ENDED_CLOSE } from '../../sync/index.ts';
import { HttpApi, LiveDevice, openStream, pushMessage } from '../fixtures/remote-client.ts';
import { TEST_TODAY } from '../fixtures/test-app.ts';
import { waitUntil } from '../fixtures/wait-until.ts';

const databaseUrl = process.env.DATABASE_URL || undefined;
/** The parent (children in 5А and 7А) and 7А's homeroom teacher are both in 7А's parents' chat. */
const CHAT = 'chat-parents-7a';
const phoneOf = (role: 'parent' | 'teacher'): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;

let processes: ApiProcess[] = [];
let a: ApiProcess;
let b: ApiProcess;
const devices: LiveDevice[] = [];

beforeAll(async () => {
  if (databaseUrl) {
    // A fresh database, as every database test starts from; the processes migrate it and load the
    // demo school themselves (one does, the other waits on the startup lock).
    const db = await openDb({ databaseUrl });
    try {
      await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    } finally {
      await db.close();
    }
    processes = await startApiProcesses(['A', 'B'], { today: TEST_TODAY, databaseUrl });
  } else {
    processes = [await startApiProcess({ name: 'A', today: TEST_TODAY })];
  }
  a = processes[0]!;
  b = processes[1] ?? a;
}, 90_000);

afterAll(async () => {
  await Promise.allSettled(devices.map((d) => d.close()));
  await Promise.allSettled(processes.map((p) => p.stop()));
});

/** A device replicating messages through `via`, streaming from it, caught up with what is there now. */
async function liveDevice(via: ApiProcess, cookie: string): Promise<LiveDevice> {
  const device = new LiveDevice({ api: new HttpApi(via.url), cookie, collection: 'messages' });
  devices.push(device);
  await device.pull();
  device.subscribe(via.wsUrl, via.url);
  // The stream says «pull» once right after subscribing; after that pull, it only wakes for changes.
  await waitUntil(() => device.signals >= 1, 10_000);
  await device.pull();
  expect(device.errors).toEqual([]);
  return device;
}

describe(databaseUrl ? 'two API processes on one PostgreSQL' : 'one API process on PGlite (A = B)', () => {
  it('signs in through either process, and the session works on both', async () => {
    const apiA = new HttpApi(a.url);
    const apiB = new HttpApi(b.url);
    const parent = await apiA.signIn(phoneOf('parent'));
    const teacher = await apiB.signIn(phoneOf('teacher'));
    for (const api of [apiA, apiB]) {
      const me = async (cookie: string) => (await api.gql<{ me: { userId: string } | null }>('{ me { userId } }', {}, { cookie })).data?.me?.userId;
      expect(await me(parent.cookie)).toBe(parent.userId);
      expect(await me(teacher.cookie)).toBe(teacher.userId);
    }
  });

  for (const [from, to] of [
    ['A', 'B'],
    ['B', 'A'],
  ] as const) {
    it(`a message pushed through ${from} wakes a stream on ${to}, and a pull through ${to} returns it`, async () => {
      const writerVia = from === 'A' ? a : b;
      const readerVia = to === 'A' ? a : b;
      // The writer signs in where it writes, the reader where it reads: each session is used on its own process.
      const writer = await new HttpApi(writerVia.url).signIn(phoneOf(from === 'A' ? 'parent' : 'teacher'));
      const reader = await new HttpApi(readerVia.url).signIn(phoneOf(from === 'A' ? 'teacher' : 'parent'));
      const device = await liveDevice(readerVia, reader.cookie);
      const held = device.copy.docs.size;
      const signalsBefore = device.signals;

      const id = `two-processes-${from}-to-${to}-${Date.now()}`;
      await pushMessage(new HttpApi(writerVia.url), writer.cookie, { id, chatId: CHAT, authorId: writer.userId, text: `через ${from}` });

      await waitUntil(() => device.copy.docs.has(id), 10_000);
      expect(device.signals).toBeGreaterThan(signalsBefore);
      expect(device.copy.docs.get(id)).toMatchObject({ id, chatId: CHAT, authorId: writer.userId, text: `через ${from}`, deleted: false });
      expect(device.copy.docs.size).toBe(held + 1);
      expect(device.errors).toEqual([]);
    });
  }

  it('a sign-out through A closes the stream the same session holds open on B within 2 s', async () => {
    const { cookie } = await new HttpApi(b.url).signIn(phoneOf('parent'));
    let signals = 0;
    let ended: { reason: unknown; at: number } | null = null;
    const stream = openStream({
      wsUrl: b.wsUrl,
      origin: b.url,
      cookie,
      collection: 'messages',
      onSignal: () => void signals++,
      onEnd: (reason) => void (ended ??= { reason, at: Date.now() }),
    });
    try {
      await waitUntil(() => signals >= 1, 10_000);
      const signOutAt = Date.now();
      const answer = await new HttpApi(a.url).gql<{ signOut: boolean }>('mutation { signOut }', {}, { cookie });
      expect(answer.data?.signOut).toBe(true);
      await waitUntil(() => ended !== null, 5_000).catch(() => undefined);
      const end = ended as { reason: unknown; at: number } | null;
      expect({ code: (end?.reason as { code?: unknown } | undefined)?.code, inTime: end !== null && end.at - signOutAt <= 2_000 }).toEqual({
        code: SESSION_ENDED_CLOSE,
        inTime: true,
      });
    } finally {
      await stream.close();
    }
  });
});
