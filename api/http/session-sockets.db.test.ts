/**
 * Signing out, or the session expiring, closes EVERY socket that session holds open, within
 * seconds: the sync stream and the call room (graphql-ws), PeerJS signalling, and the SFU relay
 * (the real relay of api/calls/janus/proxy.ts, in front of a stand-in Janus). An attacker who keeps
 * a socket open with a cookie that was signed out elsewhere must lose it, and not get it back.
 */
import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { SESSION_COOKIE, SESSION_ENDED_CLOSE } from '../../sync/index.ts';
import { JANUS_PROTOCOL, createJanusProxy } from '../calls/janus/proxy.ts';
import { ROOM, type Ticket, TICKET } from '../../tests/fixtures/calls.ts';
import { DEMO_TEACHER_ID } from '../demo/index.ts';
import { startListeningApp, type ListeningApp } from '../../tests/fixtures/listening-app.ts';
import { memorySfu } from '../../tests/fixtures/memory-sfu.ts';
import { waitUntil } from '../../tests/fixtures/wait-until.ts';
import { createSession, hashToken } from './sessions.ts';

/** The promise: every socket of an ended session is closed this soon. */
const CLOSE_WITHIN_MS = 2_000;

let t: ListeningApp;
/** Stands in for Janus behind the real relay: accepts the relay's leg and keeps it. */
const janus = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => JANUS_PROTOCOL });
const janusLegs: WebSocket[] = [];
janus.on('connection', (ws) => void janusLegs.push(ws));
const relay = createJanusProxy(() => `ws://127.0.0.1:${(janus.address() as AddressInfo).port}`);
const sfu = memorySfu();
sfu.proxyUpgrade = (req, socket, head, seat) => relay.upgrade(req, socket, head, seat);
const opened: { close(): void }[] = [];

beforeAll(async () => {
  t = await startListeningApp({ app: { sfu } });
});
afterAll(async () => {
  for (const socket of opened.splice(0)) socket.close();
  await t.close();
  relay.close();
  await sfu.close();
  for (const ws of janus.clients) ws.terminate();
  await new Promise((r) => janus.close(r));
});

const teacher = DEMO_TEACHER_ID;
let lessonsUsed = 0;

/** A new session of the demo teacher (another device), as its cookie. */
async function newSession(): Promise<string> {
  return `${SESSION_COOKIE}=${await createSession(t.db, teacher, 'test')}`;
}

/** Sets the session's expiry to `now() + interval` (negative: in the past); answers it, epoch ms. */
async function expireIn(cookie: string, interval: string): Promise<number> {
  const [row] = await t.db.query<{ at: number | string }>(
    `UPDATE sessions SET expires_at = now() + $2::interval WHERE token_hash = $1
     RETURNING (extract(epoch FROM expires_at) * 1000)::float8 AS at`,
    [hashToken(cookie.slice(SESSION_COOKIE.length + 1)), interval],
  );
  return Number(row!.at);
}

async function run<T>(cookie: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await t.gql<Record<string, T>>(query, variables, { cookie });
  if (r.errors.length) throw new Error(JSON.stringify(r.errors));
  return Object.values(r.data!)[0] as T;
}

interface Watched {
  name: string;
  /** When it closed (Date.now()) and with which code; null while open. */
  closed: { code: number; at: number } | null;
}

/** A graphql-ws connection with the cookie, recording how its socket closed. */
function graphqlSocket(name: string, cookie: string): { client: Client; watched: Watched } {
  const watched: Watched = { name, closed: null };
  const client = createClient({
    url: `${t.baseUrl.replace(/^http/, 'ws')}/graphql`,
    retryAttempts: 0,
    lazy: true,
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: { cookie } });
      }
    },
    on: { closed: (e) => void (watched.closed ??= { code: (e as { code: number }).code, at: Date.now() }) },
  });
  opened.push({ close: () => void client.dispose() });
  return { client, watched };
}

/** A raw WebSocket (PeerJS, SFU relay) with the cookie; answers once it is open, or its refusal status. */
function rawSocket(name: string, path: string, cookie: string, protocol?: string): Promise<{ ws: WebSocket; watched: Watched; messages: string[] } | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(t.baseUrl.replace(/^http/, 'ws') + path, protocol ? [protocol] : [], { headers: { cookie } });
    const watched: Watched = { name, closed: null };
    const messages: string[] = [];
    ws.on('message', (m) => void messages.push(String(m)));
    ws.on('close', (code) => void (watched.closed ??= { code, at: Date.now() }));
    ws.on('open', () => {
      opened.push({ close: () => ws.terminate() });
      resolve({ ws, watched, messages });
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

function opens<T>(socket: T | number): T {
  if (typeof socket === 'number') throw new Error(`the socket was refused: ${socket}`);
  return socket;
}

/**
 * Everything one session of the teacher can hold open: the sync stream, the room of a mesh call
 * with its PeerJS socket, and the SFU relay of an online lesson. Answers once all are live.
 */
async function openEverything(cookie: string) {
  const sync = graphqlSocket('sync stream', cookie);
  let signals = 0;
  sync.client.subscribe({ query: 'subscription { streamCalls { collection } }' }, { next: () => void signals++, error: () => undefined, complete: () => undefined });

  const meshCall = await run<string>(cookie, 'mutation { createLinkCall(title: "Созвон", media: AUDIO, audience: LINK) }');
  const meshTicket = await run<Ticket>(cookie, `mutation($c: ID!) { joinCall(callId: $c) { ${TICKET} } }`, { c: meshCall });
  const room = graphqlSocket('call room', cookie);
  let rooms = 0;
  room.client.subscribe({ query: `subscription($c: ID!) { callRoom(callId: $c) { ${ROOM} } }`, variables: { c: meshCall } }, {
    next: () => void rooms++,
    error: () => undefined,
    complete: () => undefined,
  });
  const peerPath = `/peerjs/peerjs?key=parta&id=${meshTicket.participantId}&token=${meshTicket.peer!.token}`;
  const peer = opens(await rawSocket('PeerJS', peerPath, cookie));

  const lessonId = t.school.rows.lessons.filter((l) => l.class_id === 'class-7a' && l.teacher_id === teacher)[lessonsUsed++]!.id;
  const lesson = await run<string>(cookie, 'mutation($l: ID!) { createOnlineLesson(lessonId: $l) }', { l: lessonId });
  await run(cookie, 'mutation($c: ID!) { publishOnlineLesson(callId: $c) }', { c: lesson });
  const sfuTicket = await run<Ticket>(cookie, `mutation($c: ID!) { joinCall(callId: $c) { ${TICKET} } }`, { c: lesson });
  const legsBefore = janusLegs.length;
  const relayed = opens(await rawSocket('SFU relay', sfuTicket.sfu!.path, cookie, JANUS_PROTOCOL));

  await waitUntil(() => signals > 0 && rooms > 0 && peer.messages.length > 0 && janusLegs.length > legsBefore);
  const janusLeg = janusLegs[janusLegs.length - 1]!;
  const sockets = [sync.watched, room.watched, peer.watched, relayed.watched];
  expect(sockets.filter((s) => s.closed)).toEqual([]);
  return { sockets, janusLeg, peerPath, sfuPath: sfuTicket.sfu!.path };
}

/** Waits (a little beyond the promise, to report what stayed open) and answers each socket's close. */
async function closesOf(sockets: Watched[], since: number, within = CLOSE_WITHIN_MS) {
  await waitUntil(() => sockets.every((s) => s.closed), within + 1_000).catch(() => undefined);
  return Object.fromEntries(sockets.map((s) => [s.name, s.closed ? { code: s.closed.code, inTime: s.closed.at - since <= within } : 'still open']));
}

const ALL_CLOSED = {
  'sync stream': { code: SESSION_ENDED_CLOSE, inTime: true },
  'call room': { code: SESSION_ENDED_CLOSE, inTime: true },
  PeerJS: { code: SESSION_ENDED_CLOSE, inTime: true },
  'SFU relay': { code: SESSION_ENDED_CLOSE, inTime: true },
};

describe('a session that ends closes every socket it holds', () => {
  it('signed out in another tab: the sync stream, call room, PeerJS and SFU relay close within 2 s, and do not reopen', async () => {
    const cookie = await newSession();
    const { sockets, janusLeg, peerPath, sfuPath } = await openEverything(cookie);
    // The same person on another device keeps everything.
    const otherDevice = graphqlSocket('other device', await newSession());
    let otherSignals = 0;
    otherDevice.client.subscribe({ query: 'subscription { streamCalls { collection } }' }, { next: () => void otherSignals++, error: () => undefined, complete: () => undefined });
    await waitUntil(() => otherSignals > 0);

    const signOutAt = Date.now();
    expect(await run<boolean>(cookie, 'mutation { signOut }')).toBe(true);
    expect(await closesOf(sockets, signOutAt)).toEqual(ALL_CLOSED);
    // The relay's leg to Janus went with it: Janus drops that session's handles.
    await waitUntil(() => janusLeg.readyState === WebSocket.CLOSED);

    // The dead cookie opens nothing again: the graphql-ws socket is closed at once with the code the
    // client does not retry on, PeerJS and the relay refuse the upgrade.
    const again = graphqlSocket('sync again', cookie);
    again.client.subscribe({ query: 'subscription { streamCalls { collection } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    await waitUntil(() => again.watched.closed !== null);
    expect(again.watched.closed!.code).toBe(SESSION_ENDED_CLOSE);
    expect(await rawSocket('PeerJS again', peerPath, cookie)).toBe(403);
    expect(await rawSocket('SFU again', sfuPath, cookie, JANUS_PROTOCOL)).toBe(403);

    expect(otherDevice.watched.closed).toBeNull();
    await otherDevice.client.dispose();
    // Nothing of the ended session stays registered.
    await waitUntil(() => t.app.sessions.size === 0);
  });

  it('expired by its clock: a session that ends 3 s from now closes everything within 2 s of that, with no write to it', async () => {
    const cookie = await newSession();
    // Shortened before anything is open: nothing listens for this session yet, so only the
    // timer set from its expiry can end the sockets.
    const expiresAt = await expireIn(cookie, '3 seconds');
    const { sockets } = await openEverything(cookie);
    expect(Date.now()).toBeLessThan(expiresAt);
    await new Promise((r) => setTimeout(r, Math.max(0, expiresAt - Date.now() - 500)));
    // Not before its time.
    expect(sockets.filter((s) => s.closed)).toEqual([]);
    expect(await closesOf(sockets, expiresAt)).toEqual(ALL_CLOSED);
    await waitUntil(() => t.app.sessions.size === 0);
  });

  it('expiry moved in the database, to the near future or into the past, closes everything by then', async () => {
    const soon = await newSession();
    const past = await newSession();
    const a = await openEverything(soon);
    const b = await openEverything(past);
    const soonAt = await expireIn(soon, '1500 milliseconds');
    const movedAt = Date.now();
    await expireIn(past, '-1 second');
    expect(await closesOf(b.sockets, movedAt)).toEqual(ALL_CLOSED);
    // Not before its time, then within 2 s of it.
    expect(a.sockets.filter((s) => s.closed && s.closed.at < soonAt - 100)).toEqual([]);
    expect(await closesOf(a.sockets, soonAt)).toEqual(ALL_CLOSED);
    await waitUntil(() => t.app.sessions.size === 0);
  });

  it('serves no subscription over HTTP (server-sent events), where no socket would be closed at sign-out', async () => {
    const cookie = await newSession();
    const response = await t.app.yoga.fetch(
      'http://parta.test/graphql',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', cookie },
        body: JSON.stringify({ query: 'subscription { streamCalls { collection } }' }),
      },
      { setCookies: [], clientAddress: '127.0.0.1' },
    );
    // Refused, the answer ends at once; served, it would stream until the client goes away.
    const text = await Promise.race([response.text(), new Promise<string>((r) => setTimeout(() => r('still streaming'), 3_000))]);
    await response.body?.cancel().catch(() => undefined);
    expect(text).toContain('BAD_REQUEST');
    expect(text).not.toContain('streamCalls');
  });
});
