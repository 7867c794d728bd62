/** The WebSockets on the API's HTTP server: PeerJS only with a live ticket, the SFU proxy likewise, sync beside them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { callsHelpers, trackedWsClients, type Ticket } from '../../tests/fixtures/calls.ts';
import { DEMO_TEACHER_ID } from '../demo/index.ts';
import { startListeningApp, type ListeningApp } from '../../tests/fixtures/listening-app.ts';
import { memorySfu } from '../../tests/fixtures/memory-sfu.ts';
import { waitUntil } from '../../tests/fixtures/wait-until.ts';
import { PEER_CLOSE_GONE } from './peer-signalling.ts';

let t: ListeningApp;
let h: ReturnType<typeof callsHelpers>;
const sfu = memorySfu();
beforeAll(async () => {
  t = await startListeningApp({ app: { sfu } });
  h = callsHelpers(t);
});
const clients = trackedWsClients();
const wsClient = clients.open;
afterAll(async () => {
  await clients.disposeAll();
  await t.close();
  await sfu.close();
});

const admin = DEMO_TEACHER_ID;
const parent = 'u-p-01';

interface Opened {
  status: number;
  ws: WebSocket | null;
  messages: string[];
  closed: { code: number } | null;
}

/** Opens a WebSocket; answers the refusal's status, or the open socket and what it receives. */
function open(path: string, headers: Record<string, string> = {}): Promise<Opened> {
  return new Promise((resolve) => {
    const ws = new WebSocket(t.baseUrl.replace(/^http/, 'ws') + path, { headers });
    const result: Opened = { status: 0, ws: null, messages: [], closed: null };
    ws.on('message', (m) => void result.messages.push(String(m)));
    ws.on('close', (code) => void (result.closed = { code }));
    const settle = (status: number, socket: WebSocket | null = null): void => {
      result.status = status;
      result.ws = socket;
      resolve(result);
    };
    ws.on('open', () => settle(101, ws));
    ws.on('unexpected-response', (_req, res) => settle(res.statusCode ?? 0));
    // The server dropped the connection without an answer.
    ws.on('error', () => settle(-1));
  });
}

const peerPath = (ticket: Pick<Ticket, 'participantId'>, token: string, key = 'parta') =>
  `/peerjs/peerjs?key=${key}&id=${ticket.participantId}&token=${token}`;

describe('PeerJS signalling on /peerjs', () => {
  let callId: string;
  let adminTicket: Ticket;
  let parentTicket: Ticket;
  beforeAll(async () => {
    callId = (await h.run<string>(admin, 'mutation { createLinkCall(title: "Созвон", media: AUDIO, audience: SCHOOL) }')).data!;
    const code = (await h.pulledCalls(admin)).get(callId)!.linkCode as string;
    adminTicket = (await h.join(admin, { callId })).data!;
    parentTicket = (await h.join(parent, { linkCode: code })).data!;
  });

  it('refuses an upgrade without a valid ticket of the signed-in person', async () => {
    const adminCookie = await h.cookieOf(admin);
    const parentCookie = await h.cookieOf(parent);
    const token = adminTicket.peer!.token;
    expect((await open(peerPath(adminTicket, token))).status).toBe(403); // no session
    expect((await open(peerPath(adminTicket, 'f'.repeat(48)), { cookie: adminCookie })).status).toBe(403);
    expect((await open(peerPath(adminTicket, token, 'peerjs'), { cookie: adminCookie })).status).toBe(403);
    expect((await open(peerPath(adminTicket, token), { cookie: parentCookie })).status).toBe(403); // someone else's ticket
    expect((await open(peerPath(adminTicket, token), { cookie: adminCookie, origin: 'https://evil.example' })).status).toBe(403);
    expect((await open('/peerjs/other', { cookie: adminCookie })).status).toBe(-1);
    expect((await open('/elsewhere', { cookie: adminCookie })).status).toBe(-1);
  });

  it('accepts live participants, relays their signalling, and disconnects one who leaves', async () => {
    const a = await open(peerPath(adminTicket, adminTicket.peer!.token), { cookie: await h.cookieOf(admin) });
    const p = await open(peerPath(parentTicket, parentTicket.peer!.token), { cookie: await h.cookieOf(parent) });
    expect([a.status, p.status]).toEqual([101, 101]);
    await waitUntil(() => a.messages.length > 0 && p.messages.length > 0);
    expect(JSON.parse(a.messages[0]!)).toEqual({ type: 'OPEN' });
    a.ws!.send(JSON.stringify({ type: 'OFFER', dst: parentTicket.participantId, payload: { sdp: 'v=0' } }));
    await waitUntil(() => p.messages.length > 1);
    expect(JSON.parse(p.messages[1]!)).toMatchObject({ type: 'OFFER', src: adminTicket.participantId, payload: { sdp: 'v=0' } });

    // Someone with a seat in ANOTHER mesh call cannot dial into this one: PeerJS would relay to any
    // peer id it knows, so messages to peers of other calls are dropped.
    const otherCall = (await h.run<string>(parent, 'mutation { createLinkCall(title: "Чужой", media: AUDIO, audience: LINK) }')).data!;
    const intruderTicket = (await h.join(parent, { callId: otherCall })).data!;
    const intruder = await open(peerPath(intruderTicket, intruderTicket.peer!.token), { cookie: await h.cookieOf(parent) });
    expect(intruder.status).toBe(101);
    await waitUntil(() => intruder.messages.length > 0);
    const before = a.messages.length;
    intruder.ws!.send(JSON.stringify({ type: 'OFFER', dst: adminTicket.participantId, payload: { sdp: 'v=0' } }));
    // A message within the call sent after it still arrives, and the intruder's did not.
    p.ws!.send(JSON.stringify({ type: 'CANDIDATE', dst: adminTicket.participantId, payload: { candidate: 'c' } }));
    await waitUntil(() => a.messages.length > before);
    const arrived = a.messages.slice(before).map((m) => JSON.parse(m) as { type: string; src: string });
    expect(arrived).toEqual([expect.objectContaining({ type: 'CANDIDATE', src: parentTicket.participantId })]);
    intruder.ws!.close();
    await h.run(parent, 'mutation($c: ID!) { endCall(callId: $c) }', { c: otherCall });

    // The sync stream keeps working beside PeerJS on the same server.
    const sync = wsClient(t.baseUrl, await h.cookieOf(admin));
    let signals = 0;
    const dispose = sync.subscribe({ query: 'subscription { streamCalls { collection } }' }, { next: () => void signals++, error: () => undefined, complete: () => undefined });
    await waitUntil(() => signals === 1);
    await h.run(admin, 'mutation { createLinkCall(title: "Ещё один", media: VIDEO, audience: LINK) }');
    await waitUntil(() => signals >= 2);

    await h.run(parent, 'mutation($c: ID!) { leaveCall(callId: $c) }', { c: callId });
    await waitUntil(() => p.closed !== null);
    expect(p.closed!.code).toBe(PEER_CLOSE_GONE);
    expect(a.closed).toBeNull();
    // Its ticket no longer opens the socket.
    expect((await open(peerPath(parentTicket, parentTicket.peer!.token), { cookie: await h.cookieOf(parent) })).status).toBe(403);
    // The end of the call disconnects everyone.
    await h.run(admin, 'mutation($c: ID!) { endCall(callId: $c) }', { c: callId });
    await waitUntil(() => a.closed !== null);
    dispose();
    await sync.dispose();
  });

  it('serves PeerJS over HTTP under /peerjs/ (no peer discovery)', async () => {
    const info = await fetch(`${t.baseUrl}/peerjs/`);
    expect(((await info.json()) as { name: string }).name).toBe('PeerJS Server');
    expect((await fetch(`${t.baseUrl}/peerjs/parta/peers`)).status).toBe(401);
  });
});

describe('the SFU proxy on /sfu', () => {
  it('is handed only sessions with a live presence in an SFU call, and says 503 without an SFU', async () => {
    const student = t.school.rows.users.find((u) => u.phone === '+79000000002')!.id;
    const lessonId = h.teacherLesson7a(3);
    const callId = (await h.run<string>(admin, 'mutation($l: ID!) { createOnlineLesson(lessonId: $l) }', { l: lessonId })).data!;
    await h.run(admin, 'mutation($c: ID!) { publishOnlineLesson(callId: $c) }', { c: callId });
    const cookie = await h.cookieOf(student);
    const teacherTicket = (await h.join(admin, { callId })).data!;
    expect((await open('/sfu')).status).toBe(403);
    expect((await open(teacherTicket.sfu!.path, { cookie })).status).toBe(403); // not in the lesson yet, and someone else's seat
    const ticket = (await h.join(student, { callId })).data!;
    expect(ticket.transport).toBe('sfu');
    expect(ticket.sfu!.path).toBe(`/sfu?p=${ticket.participantId}`);
    expect((await open('/sfu', { cookie })).status).toBe(403); // no seat named
    expect((await open(teacherTicket.sfu!.path, { cookie })).status).toBe(403); // the teacher's seat, the student's session
    const proxied = await open(ticket.sfu!.path, { cookie });
    expect(proxied.status).toBe(101);
    await waitUntil(() => proxied.messages.length > 0);
    expect(proxied.messages[0]).toBe(`sfu-proxy ${ticket.sfu!.room} ${ticket.participantId}`);
    // Leaving closes the relay (Janus then drops that session's handles).
    await h.run(student, 'mutation($c: ID!) { leaveCall(callId: $c) }', { c: callId });
    await waitUntil(() => proxied.closed !== null);
    expect(proxied.closed!.code).toBe(4001);
    const back = (await h.join(student, { callId })).data!;
    sfu.available = false;
    try {
      expect((await open(back.sfu!.path, { cookie })).status).toBe(503);
    } finally {
      sfu.available = true;
    }
  });
});
