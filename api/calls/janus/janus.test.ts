/**
 * Against a real Janus (Debian's package, started by the supervisor under test): the supervisor's
 * restarts, the VideoRoom control the calls domain relies on, that nobody without the admin_key or
 * a token gets anywhere, and the `/sfu` WebSocket relay.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RawJanusClient } from '../../../tests/fixtures/janus-client.ts';
import { startTestJanus, type TestJanus } from '../../../tests/fixtures/janus.ts';
import { waitUntil } from '../../../tests/fixtures/wait-until.ts';
import { SfuRoomMissingError, type Sfu, type SfuRoom } from '../sfu.ts';
import { configFromEnv } from '../../config.ts';
import { createJanusSfu } from './janus-sfu.ts';
import { startSfu } from './start.ts';
import { infoAnswers } from './supervisor.ts';

let janus: TestJanus;
let sfu: Sfu & { readonly openProxies: number };
let server: Server;
let proxyUrl: string;

beforeAll(async () => {
  janus = await startTestJanus();
  sfu = await createJanusSfu({ url: janus.url, adminKey: janus.adminKey, onJanusReady: janus.onReady, log: () => undefined });
  // The API's upgrade routing, reduced to the one route: authorisation is the caller's business.
  server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => {
    if (req.url === '/sfu') sfu.proxyUpgrade(req, socket, head);
    else socket.destroy();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  proxyUrl = `ws://127.0.0.1:${(server.address() as { port: number }).port}/sfu`;
});

afterAll(async () => {
  await sfu?.close();
  server?.close();
  await janus?.stop();
});

/** A participant as a browser joins: publisher handle, display = participant id, the room's token. */
async function join(room: SfuRoom, display: string, token: string | undefined): Promise<{ client: RawJanusClient; data: Record<string, unknown> }> {
  const client = await RawJanusClient.open(proxyUrl);
  await client.createSession();
  const videoroom = await client.videoroom();
  const data = await videoroom({ request: 'join', ptype: 'publisher', room: room.room, display, ...(token ? { token } : {}) });
  return { client, data };
}

async function displays(room: SfuRoom): Promise<string[]> {
  const client = await RawJanusClient.open(janus.url);
  await client.createSession();
  const list = await (await client.videoroom())({ request: 'listparticipants', room: room.room });
  client.close();
  if (list.error_code) throw new Error(`listparticipants: ${String(list.error)}`);
  return ((list.participants ?? []) as { display: string }[]).map((p) => p.display).sort();
}

describe('Janus behind the API', () => {
  it('is shared by several API processes when it runs on its own (PARTA_JANUS=ws://…)', async () => {
    expect(() => configFromEnv({ PARTA_JANUS: janus.url })).toThrow(/PARTA_JANUS_ADMIN_KEY/);
    const config = configFromEnv({ PARTA_JANUS: janus.url, PARTA_JANUS_ADMIN_KEY: janus.adminKey });
    expect(config.janus).toMatchObject({ mode: 'external', url: janus.url });
    const [one, two] = await Promise.all([1, 2].map(() => startSfu(config.janus, '/nonexistent', { maxPeople: 4 })));
    try {
      expect(one!.sfu.available && two!.sfu.available).toBe(true);
      expect(one!.janus).toBeNull(); // not started, not stopped by us
      // A room made through one process is run through the other (its secret is in the database).
      const room = await one!.sfu.createRoom({ description: 'Собрание', publishers: 100, audioOnly: false });
      await two!.sfu.allow(room, ['tok-vera']);
      const vera = await join(room, 'p-vera', 'tok-vera');
      expect(vera.data.videoroom).toBe('joined');
      await two!.sfu.kick(room, 'p-vera');
      expect(await displays(room)).toEqual([]);
      await two!.sfu.destroyRoom(room);
      vera.client.close();
    } finally {
      await one!.close();
      await two!.close();
    }
    expect(await infoAnswers(janus.url)).toBe(true);
  });

  it('creates private rooms only with the admin_key: a client without it is refused', async () => {
    const client = await RawJanusClient.open(proxyUrl);
    await client.createSession();
    const videoroom = await client.videoroom();
    const refused = await videoroom({ request: 'create', room: 4242, publishers: 100 });
    expect(refused.error_code).toBe(429); // JANUS_VIDEOROOM_ERROR_MISSING_ELEMENT: admin_key
    expect((await videoroom({ request: 'exists', room: 4242 })).exists).toBe(false);
    // Nor does a guessed key help.
    expect((await videoroom({ request: 'create', room: 4243, admin_key: 'guess' })).error_code).toBe(433); // UNAUTHORIZED

    const room = await sfu.createRoom({ description: 'Алгебра 7А', publishers: 100, audioOnly: false });
    expect(Number.isSafeInteger(room.room)).toBe(true);
    expect(room.secret.length).toBeGreaterThanOrEqual(32);
    expect((await videoroom({ request: 'exists', room: room.room })).exists).toBe(true);
    // Private: not in the public list, and without the secret nobody can destroy it.
    const listed = (await videoroom({ request: 'list' })).list as { room: number }[];
    expect(listed.map((r) => r.room)).not.toContain(room.room);
    expect((await videoroom({ request: 'destroy', room: room.room })).error_code).toBe(429);
    expect((await videoroom({ request: 'destroy', room: room.room, secret: 'guess' })).error_code).toBe(433);
    expect((await videoroom({ request: 'allowed', room: room.room, action: 'add', allowed: ['mine'], secret: 'guess' })).error_code).toBe(433);
    client.close();
    await sfu.destroyRoom(room);
  });

  it('lets in only allowed tokens, kicks by participant id, and destroys the room', async () => {
    const room = await sfu.createRoom({ description: 'lesson', publishers: 100, audioOnly: false });
    const before = await join(room, 'p-anna', 'tok-anna');
    expect(before.data.error_code).toBe(433); // unauthorized: no token allowed yet
    before.client.close();
    const noToken = await join(room, 'p-anna', undefined);
    expect(noToken.data.error_code).toBe(433);
    noToken.client.close();

    await sfu.allow(room, ['tok-anna', 'tok-boris']);
    const anna = await join(room, 'p-anna', 'tok-anna');
    expect(anna.data.videoroom).toBe('joined');
    const boris = await join(room, 'p-boris', 'tok-boris');
    expect(boris.data.videoroom).toBe('joined');
    // Anna's second device: the same participant id, a second Janus participant.
    const anna2 = await join(room, 'p-anna', 'tok-anna');
    expect(anna2.data.videoroom).toBe('joined');
    expect(await displays(room)).toEqual(['p-anna', 'p-anna', 'p-boris']);

    await sfu.disallow(room, ['tok-anna']);
    const again = await join(room, 'p-anna', 'tok-anna');
    expect(again.data.error_code).toBe(433);
    again.client.close();

    await sfu.kick(room, 'p-anna');
    expect(await displays(room)).toEqual(['p-boris']);
    // The kicked page is told so by Janus.
    await waitUntil(() => anna.client.events.some((e) => e.plugindata?.data.leaving === 'ok' || e.plugindata?.data.kicked !== undefined), 5_000);
    // Kicking someone absent (or twice) is not an error.
    await sfu.kick(room, 'p-anna');

    await sfu.destroyRoom(room);
    await waitUntil(() => boris.client.events.some((e) => e.plugindata?.data.videoroom === 'destroyed'), 5_000);
    expect(await displays(room).catch(() => 'gone')).toBe('gone');
    // Destroying twice (an «end call» retried) is not an error.
    await sfu.destroyRoom(room);
    for (const c of [anna, anna2, boris]) c.client.close();
  });

  it('relays a janus-protocol session through /sfu and drops the relay when the browser leaves', async () => {
    const ws = new WebSocket(proxyUrl, 'janus-protocol');
    await once(ws, 'open');
    expect(ws.protocol).toBe('janus-protocol');
    const relays = sfu.openProxies;
    const answers: { janus: string; transaction: string; data?: { id: number }; name?: string }[] = [];
    ws.on('message', (d: Buffer) => answers.push(JSON.parse(d.toString())));
    ws.send(JSON.stringify({ janus: 'info', transaction: 'i' }));
    ws.send(JSON.stringify({ janus: 'create', transaction: 'c' }));
    await waitUntil(() => answers.length >= 2, 5_000);
    expect(answers.find((a) => a.transaction === 'i')).toMatchObject({ janus: 'server_info', name: 'Janus WebRTC Server' });
    expect(answers.find((a) => a.transaction === 'c')).toMatchObject({ janus: 'success', data: { id: expect.any(Number) } });
    expect(relays).toBeGreaterThanOrEqual(1);
    ws.close();
    await once(ws, 'close');
    await waitUntil(() => sfu.openProxies <= relays - 1, 5_000);
  });

  it('restarts Janus after it is killed, and brings back the rooms with their secrets and tokens', async () => {
    const room = await sfu.createRoom({ description: 'survives', publishers: 10, audioOnly: true });
    await sfu.allow(room, ['tok-vera']);
    const vera = await join(room, 'p-vera', 'tok-vera');
    expect(vera.data.videoroom).toBe('joined');
    const closed = once(vera.client.ws, 'close');
    const ready = new Promise<void>((resolve) => {
      const off = janus.onReady(() => {
        off();
        resolve();
      });
    });

    const pid = janus.pid!;
    process.kill(pid, 'SIGKILL');
    // The browser's socket is closed (1012, «service restart»), so its client reconnects.
    const [code] = (await closed) as [number];
    expect(code).toBe(1012);
    await ready;
    expect(janus.pid).not.toBe(pid);
    expect(await infoAnswers(janus.url)).toBe(true);

    // The room is back before anyone rejoins (restored on the restart, not on the next request).
    await waitUntil(async () => (await displays(room).catch(() => null)) !== null, 10_000);
    const back = await join(room, 'p-vera', 'tok-vera');
    expect(back.data.videoroom).toBe('joined');
    back.client.close();
    expect(sfu.available).toBe(true);
    await sfu.allow(room, ['tok-gleb']);
    await sfu.destroyRoom(room);
  });

  it('recreates a room Janus lost with the same id and secret, from a process that never created it', async () => {
    const restarted = (): Promise<void> =>
      new Promise<void>((resolve) => {
        const off = janus.onReady(() => {
          off();
          resolve();
        });
      });
    // The process that created the room goes away (an API restart); then a fresh Janus has no rooms.
    const before = await createJanusSfu({ url: janus.url, adminKey: janus.adminKey, log: () => undefined });
    const opts = { description: 'после перезапуска', publishers: 100, audioOnly: false };
    const room = await before.createRoom(opts);
    await before.allow(room, ['tok-anna']);
    await before.close();
    let ready = restarted();
    process.kill(janus.pid!, 'SIGKILL');
    await ready;
    await waitUntil(async () => (await displays(room).catch(() => 'gone')) === 'gone', 10_000);

    // The next process knows the room only from the database (id and secret).
    const after = await createJanusSfu({ url: janus.url, adminKey: janus.adminKey, onJanusReady: janus.onReady, log: () => undefined });
    try {
      await expect(after.allow(room, ['tok-boris'])).rejects.toBeInstanceOf(SfuRoomMissingError);
      await after.ensureRoom(room, opts, ['tok-anna']);
      expect(await displays(room)).toEqual([]);
      const anna = await join(room, 'p-anna', 'tok-anna');
      expect(anna.data.videoroom).toBe('joined');
      anna.client.close();
      const early = await join(room, 'p-boris', 'tok-boris');
      expect(early.data.error_code).toBe(433); // not allowed yet
      early.client.close();
      await after.allow(room, ['tok-boris']);
      const boris = await join(room, 'p-boris', 'tok-boris');
      expect(boris.data.videoroom).toBe('joined');
      boris.client.close();
      // Ensuring a room that is there changes nothing (concurrent joins, another process): a
      // process that did not recreate it does not take it over with a partial token list.
      await after.ensureRoom(room, opts, []);
      await sfu.ensureRoom(room, opts, []);
      expect(await join(room, 'p-boris', 'tok-boris').then((b) => (b.client.close(), b.data.videoroom))).toBe('joined');
      // The same secret: the room is run with the one in the database, and a guess is refused.
      const raw = await RawJanusClient.open(janus.url);
      await raw.createSession();
      const videoroom = await raw.videoroom();
      expect((await videoroom({ request: 'allowed', room: room.room, secret: 'guess', action: 'add', allowed: ['x'] })).error_code).toBe(433);
      expect((await videoroom({ request: 'allowed', room: room.room, secret: room.secret, action: 'add', allowed: ['x'] })).error_code).toBeUndefined();
      raw.close();

      // From now on this process restores the room when Janus restarts, like its own.
      ready = restarted();
      process.kill(janus.pid!, 'SIGKILL');
      await ready;
      await waitUntil(async () => (await displays(room).catch(() => null)) !== null, 10_000);
      const back = await join(room, 'p-boris', 'tok-boris');
      expect(back.data.videoroom).toBe('joined');
      back.client.close();
      await after.destroyRoom(room);
    } finally {
      await after.close();
    }
  });
});
