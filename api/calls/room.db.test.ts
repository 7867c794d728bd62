import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsHelpers, ROOM, trackedWsClients, watchRoom, type Room } from '../../tests/fixtures/calls.ts';
import { DEMO_TEACHER_ID } from '../demo/index.ts';
import { startListeningApp, type ListeningApp } from '../../tests/fixtures/listening-app.ts';
import { memorySfu } from '../../tests/fixtures/memory-sfu.ts';
import { keepPresence } from './presence.ts';
import { waitUntil } from '../../tests/fixtures/wait-until.ts';

let t: ListeningApp;
let h: ReturnType<typeof callsHelpers>;
const sfu = memorySfu();
const MESH_MAX = 3;
const STUN = { urls: ['stun:stun.school.example:3478'] };
const TURN = { urls: ['turn:turn.school.example:3478'], secret: 'shared-with-coturn', ttlSeconds: 3_600 };
beforeAll(async () => {
  t = await startListeningApp({ app: { sfu, meshMax: MESH_MAX, ice: { iceServers: [STUN], turn: TURN } } });
  h = callsHelpers(t);
  // Someone signed in who belongs to no school: link holders may join, «my school» calls refuse them.
  await t.db.query(
    `INSERT INTO users (id, phone, password_hash, last_name, first_name)
     SELECT 'u-outsider', '+79009999999', password_hash, 'Гостев', 'Гость' FROM users WHERE id = $1`,
    [DEMO_TEACHER_ID],
  );
  h.remember('u-outsider', '+79009999999');
});
const clients = trackedWsClients();
const wsClient = clients.open;
afterAll(async () => {
  await clients.disposeAll();
  await t.close();
  await sfu.close();
});

const CREATE = 'mutation($t: String!, $m: CallMedia!, $a: CallAudience!) { createLinkCall(title: $t, media: $m, audience: $a) }';
const admin = DEMO_TEACHER_ID;
const parent = 'u-p-01';

async function linkCall(audience: 'SCHOOL' | 'LINK', title = 'Родительское собрание'): Promise<{ callId: string; code: string }> {
  const callId = (await h.run<string>(admin, CREATE, { t: title, m: 'VIDEO', a: audience })).data!;
  const code = (await h.pulledCalls(admin)).get(callId)!.linkCode as string;
  return { callId, code };
}

describe('calls by link', () => {
  it('shows the link only to its admin; a school member joins by it and keeps the call in their list', async () => {
    expect((await h.run(null, CREATE, { t: 'x', m: 'AUDIO', a: 'LINK' })).code).toBe('UNAUTHENTICATED');
    expect((await h.run(admin, CREATE, { t: '  ', m: 'AUDIO', a: 'LINK' })).code).toBe('BAD_REQUEST');
    // Only in one of the starter's own schools.
    const inOther = await h.run(admin, 'mutation { createLinkCall(title: "x", media: AUDIO, audience: SCHOOL, schoolId: "school-elsewhere") }');
    expect(inOther.code).toBe('FORBIDDEN');
    const { callId, code } = await linkCall('SCHOOL');
    expect(code).toMatch(/^[\w-]{12}$/);
    expect((await h.pulledCalls(parent)).has(callId)).toBe(false);
    expect((await h.join(parent, { callId })).code).toBe('CALL_NOT_IN_AUDIENCE');
    expect((await h.join('u-outsider', { linkCode: code })).code).toBe('CALL_NOT_IN_AUDIENCE');
    const ticket = (await h.join(parent, { linkCode: code })).data!;
    expect(ticket).toMatchObject({ callId, transport: 'mesh', sfu: null, peer: { path: '/peerjs/', key: 'parta' } });
    expect(ticket.participantId).toMatch(/^p[0-9a-f]+$/);
    // The configured STUN server as is; the TURN server with credentials of this person that expire.
    expect(ticket.iceServers[0]).toEqual({ ...STUN, username: null, credential: null });
    const turn = ticket.iceServers[1]!;
    expect(turn.urls).toEqual(TURN.urls);
    const [expiry, who] = turn.username!.split(':');
    expect(who).toBe(parent);
    expect(Number(expiry) * 1000 - Date.now()).toBeGreaterThan((TURN.ttlSeconds - 60) * 1000);
    expect(turn.credential).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const seen = (await h.pulledCalls(parent)).get(callId)!;
    expect(seen).toMatchObject({ kind: 'link', audience: 'school', status: 'published', live: true, linkCode: null });
    // A member since: may come back by the call's id.
    await h.run(parent, 'mutation($c: ID!) { leaveCall(callId: $c) }', { c: callId });
    expect((await h.join(parent, { callId })).code).toBeNull();
  });

  it('admits anyone signed in to a link-holders call, until the link is revoked', async () => {
    const { callId, code } = await linkCall('LINK');
    expect((await h.join(null, { linkCode: code })).code).toBe('UNAUTHENTICATED');
    expect((await h.join('u-outsider', { linkCode: code })).code).toBeNull();
    expect((await h.run(parent, 'mutation($c: ID!) { revokeCallLink(callId: $c) }', { c: callId })).code).toBe('CALL_NOT_ADMIN');
    expect((await h.run(admin, 'mutation($c: ID!) { revokeCallLink(callId: $c) }', { c: callId })).data).toBe(true);
    const fresh = (await h.pulledCalls(admin)).get(callId)!.linkCode as string;
    expect(fresh).not.toBe(code);
    const refused = await h.join(parent, { linkCode: code });
    expect(refused.code).toBe('CALL_LINK_INVALID');
    expect((await h.join(parent, { linkCode: 'made-up-code' })).code).toBe('CALL_LINK_INVALID');
    expect((await h.join(parent, { linkCode: fresh })).code).toBeNull();
  });
});

describe('the calls stream', () => {
  it('wakes a student when a lesson is published to them (not when it is drafted), and not a classmate left out', async () => {
    const [invited, left] = h.studentsOf('class-7a').slice(-2) as [string, string];
    const watch = async (userId: string) => {
      const client = wsClient(t.baseUrl, await h.cookieOf(userId));
      const seen = { signals: 0 };
      client.subscribe({ query: 'subscription { streamCalls { collection } }' }, { next: () => void seen.signals++, error: () => undefined, complete: () => undefined });
      return { client, seen };
    };
    const a = await watch(invited);
    const b = await watch(left);
    try {
      await waitUntil(() => a.seen.signals === 1 && b.seen.signals === 1);
      const lessonId = h.teacherLesson7a(5);
      const callId = (await h.run<string>(admin, 'mutation($l: ID!, $s: [ID!]) { createOnlineLesson(lessonId: $l, studentIds: $s) }', { l: lessonId, s: [invited] })).data!;
      await new Promise((r) => setTimeout(r, 300));
      expect(a.seen.signals).toBe(1);
      await h.run(admin, 'mutation($c: ID!) { publishOnlineLesson(callId: $c) }', { c: callId });
      await waitUntil(() => a.seen.signals >= 2);
      expect((await h.pulledCalls(invited)).has(callId)).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      expect(b.seen.signals).toBe(1);
      await h.run(admin, 'mutation($c: ID!) { endCall(callId: $c) }', { c: callId });
    } finally {
      await a.client.dispose();
      await b.client.dispose();
    }
  });
});

describe('the call room', () => {
  const students = () => h.studentsOf('class-7a');

  it('carries joins, hands, media, mutes, chat, removal and the end to everyone, as it happens', async () => {
    const { callId, code } = await linkCall('SCHOOL', 'Кружок');
    const [s1, s2] = students() as [string, string];
    const adminWs = wsClient(t.baseUrl, await h.cookieOf(admin));
    const s1Ws = wsClient(t.baseUrl, await h.cookieOf(s1));
    const s2Ws = wsClient(t.baseUrl, await h.cookieOf(s2));
    // Not in the audience yet: no room for them.
    const early = watchRoom(s1Ws, callId);
    await waitUntil(() => early.seen.error !== null || early.seen.done);
    expect(JSON.stringify(early.seen.error)).toContain('CALL_NOT_IN_AUDIENCE');

    await h.join(admin, { callId });
    const a = watchRoom(adminWs, callId);
    await waitUntil(() => a.last()?.participants.length === 1);
    expect(a.last()!.participants[0]).toMatchObject({ userId: admin, isAdmin: true, audio: false, handRaised: false });

    await h.join(s1, { linkCode: code });
    await h.join(s2, { linkCode: code });
    const r1 = watchRoom(s1Ws, callId);
    const r2 = watchRoom(s2Ws, callId);
    const has = (w: { last(): Room | undefined }, check: (r: Room) => boolean) => waitUntil(() => !!w.last() && check(w.last()!));
    // A command rides on one room state; a change right after (on PostgreSQL, the second row of a
    // «mute all» wakes the stream again) sends the next state without it.
    const got = (w: { seen: { rooms: Room[] } }, check: (r: Room) => boolean) => waitUntil(() => w.seen.rooms.some(check));
    await has(a, (r) => r.participants.length === 3);
    await has(r1, (r) => r.participants.length === 3);

    const m = (query: string, vars: Record<string, unknown>, who: string) => h.run(who, query, { c: callId, ...vars });
    const STATE = 'mutation($c: ID!, $a: Boolean!, $v: Boolean!, $s: Boolean!) { updateCallState(callId: $c, audio: $a, video: $v, screen: $s) }';
    const HAND = 'mutation($c: ID!, $r: Boolean!, $u: ID) { setHand(callId: $c, raised: $r, userId: $u) }';
    const MUTE = 'mutation($c: ID!, $u: ID) { muteInCall(callId: $c, userId: $u) }';
    const CHAT = 'mutation($c: ID!, $t: String!, $k: ID!) { sendCallChat(callId: $c, text: $t, clientId: $k) }';
    const me = (r: Room, userId: string) => r.participants.find((p) => p.userId === userId);

    await m(STATE, { a: true, v: true, s: false }, s1);
    await m(STATE, { a: true, v: false, s: false }, s2);
    await has(a, (r) => me(r, s1)?.audio === true && me(r, s2)?.audio === true);

    // Hands: raised by oneself, seen by all; only the admin lowers someone else's, and never raises it.
    await m(HAND, { r: true }, s1);
    await has(r2, (r) => me(r, s1)?.handRaised === true);
    expect((await m(HAND, { r: false, u: s1 }, s2)).code).toBe('CALL_NOT_ADMIN');
    expect((await m(HAND, { r: true, u: s2 }, admin)).code).toBe('FORBIDDEN');
    await m(HAND, { r: false, u: s1 }, admin);
    await has(a, (r) => me(r, s1)?.handRaised === false);

    // Mute one: their audio goes off and their device alone is told once.
    expect((await m(MUTE, { u: s1 }, s2)).code).toBe('CALL_NOT_ADMIN');
    await m(MUTE, { u: s1 }, admin);
    await got(r1, (r) => r.command === 'MUTE' && me(r, s1)?.audio === false);
    expect(r2.seen.rooms.some((r) => r.command !== null)).toBe(false);
    expect(a.seen.rooms.some((r) => r.command !== null)).toBe(false);
    // Mute all: everyone but the admin.
    await m(STATE, { a: true, v: false, s: false }, admin);
    await m(STATE, { a: true, v: true, s: false }, s1);
    await m(MUTE, {}, admin);
    await got(r2, (r) => r.command === 'MUTE');
    await has(a, (r) => me(r, s1)?.audio === false && me(r, s2)?.audio === false && me(r, admin)?.audio === true);
    await waitUntil(() => r1.seen.rooms.filter((r) => r.command === 'MUTE').length >= 2);
    expect(r1.seen.rooms.filter((r) => r.command === 'MUTE')).toHaveLength(2);

    // Chat: a send repeated with the same clientId adds one line.
    expect((await m(CHAT, { t: 'Здравствуйте!', k: 'line-1' }, s1)).data).toBe(true);
    expect((await m(CHAT, { t: 'Здравствуйте!', k: 'line-1' }, s1)).data).toBe(true);
    await m(CHAT, { t: 'Добрый день', k: 'line-1' }, s2);
    await has(a, (r) => r.chat.length === 2);
    expect(a.last()!.chat.map((l) => [l.authorId, l.text])).toEqual([
      [s1, 'Здравствуйте!'],
      [s2, 'Добрый день'],
    ]);
    expect((await m(CHAT, { t: ' ', k: 'line-2' }, s1)).code).toBe('BAD_REQUEST');
    expect((await m(CHAT, { t: 'я не в звонке', k: 'x' }, parent)).code).toBe('CALL_NOT_JOINED');

    // Leave: gone from everyone's room.
    await h.run(s2, 'mutation($c: ID!) { leaveCall(callId: $c) }', { c: callId });
    await has(a, (r) => r.participants.length === 2 && !me(r, s2));
    expect((await m(HAND, { r: true }, s2)).code).toBe('CALL_NOT_JOINED');

    // Remove: the removed device is told, its room ends, and it cannot come back.
    await m('mutation($c: ID!, $u: ID!) { removeFromCall(callId: $c, userId: $u) }', { u: s1 }, admin);
    await waitUntil(() => r1.seen.done);
    expect(r1.last()!).toMatchObject({ command: 'REMOVED', participants: [], chat: [] });
    await has(a, (r) => r.participants.length === 1);
    expect((await h.join(s1, { callId })).code).toBe('CALL_REMOVED');
    expect((await h.join(s1, { linkCode: code })).code).toBe('CALL_REMOVED');
    // Nor may they watch the room any more.
    const again = watchRoom(s1Ws, callId);
    await waitUntil(() => again.seen.error !== null || again.seen.done);
    expect(JSON.stringify(again.seen.error)).toContain('CALL_REMOVED');
    expect(again.seen.rooms).toEqual([]);

    // End: every room says so and closes; the call is no longer live.
    await h.join(s2, { callId });
    await has(r2, (r) => r.participants.length === 2);
    expect((await h.run(s2, 'mutation($c: ID!) { endCall(callId: $c) }', { c: callId })).code).toBe('CALL_NOT_ADMIN');
    await h.run(admin, 'mutation($c: ID!) { endCall(callId: $c) }', { c: callId });
    await waitUntil(() => a.seen.done && r2.seen.done);
    expect(a.last()).toMatchObject({ ended: true, participants: [] });
    expect(r2.last()!.ended).toBe(true);
    expect((await h.pulledCalls(s2)).get(callId)).toMatchObject({ status: 'ended', live: false });
    expect((await h.join(s2, { callId })).code).toBe('CALL_ENDED');
    for (const c of [adminWs, s1Ws, s2Ws]) await c.dispose();
  });

  it(`moves a mesh call to the SFU when a ${MESH_MAX + 1}th person joins, and refuses that join without an SFU`, async () => {
    const { callId, code } = await linkCall('SCHOOL', 'Большой звонок');
    const people = [admin, ...students().slice(2, 2 + MESH_MAX)];
    const tickets = [];
    for (const who of people.slice(0, MESH_MAX)) tickets.push((await h.join(who, who === admin ? { callId } : { linkCode: code })).data!);
    expect(tickets.every((x) => x.transport === 'mesh')).toBe(true);
    const watcher = wsClient(t.baseUrl, await h.cookieOf(admin));
    const room = watchRoom(watcher, callId);
    await waitUntil(() => room.last()?.participants.length === MESH_MAX);

    sfu.available = false;
    try {
        const refused = await h.join(people[MESH_MAX]!, { linkCode: code });
        expect(refused.code).toBe('CALL_NEEDS_SFU');
    } finally {
      sfu.available = true;
    }
    expect((await h.pulledCalls(admin)).get(callId)!.transport).toBe('mesh');

    const fourth = (await h.join(people[MESH_MAX]!, { linkCode: code })).data!;
    expect(fourth.transport).toBe('sfu');
    const roomNo = fourth.sfu!.room;
    await waitUntil(() => room.last()?.transport === 'sfu' && room.last()!.participants.length === MESH_MAX + 1);
    // Those already in re-join through the SFU without leaving: same presence, now an SFU ticket.
    for (const [i, who] of people.slice(0, MESH_MAX).entries()) {
      const again = (await h.join(who, { callId })).data!;
      expect(again).toMatchObject({ transport: 'sfu', participantId: tickets[i]!.participantId, peer: null, sfu: { room: roomNo } });
    }
    expect([...sfu.rooms.get(roomNo)!.allowed].sort()).toEqual([...tickets.map((x) => x.peer!.token), fourth.sfu!.token].sort());
    expect((await h.pulledCalls(admin)).get(callId)!.transport).toBe('sfu');
    await h.run(admin, 'mutation($c: ID!) { endCall(callId: $c) }', { c: callId });
    expect(sfu.rooms.get(roomNo)!.destroyed).toBe(true);
    await watcher.dispose();
  });
});

describe('presences nobody vouches for', () => {
  it('ends a crashed device’s presence after the timeout and revives it when its room stream comes back', async () => {
    const { callId, code } = await linkCall('SCHOOL', 'Собрание без прощаний');
    await h.join(admin, { callId });
    await h.join(parent, { linkCode: code });
    const adminWs = wsClient(t.baseUrl, await h.cookieOf(admin));
    const a = watchRoom(adminWs, callId);
    await waitUntil(() => a.last()?.participants.length === 2);

    // The parent's phone went silent (no room stream, no leaveCall) a minute ago.
    await t.db.query(`UPDATE call_participants SET seen_at = now() - interval '60 seconds' WHERE call_id = $1 AND user_id = $2`, [
      callId,
      parent,
    ]);
    await keepPresence(t.db, callId, admin);
    await waitUntil(() => a.last()?.participants.length === 1);
    expect(a.last()!.participants[0]!.userId).toBe(admin);
    expect((await h.pulledCalls(admin)).get(callId)!.live).toBe(true);

    // The phone is back: its room stream vouches for the same presence again.
    const parentWs = wsClient(t.baseUrl, await h.cookieOf(parent));
    const p = watchRoom(parentWs, callId);
    await waitUntil(() => a.last()?.participants.length === 2 && p.last()?.participants.length === 2);
    const [back] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM call_participants WHERE call_id = $1 AND user_id = $2', [
      callId,
      parent,
    ]);
    expect(Number(back!.n)).toBe(1);

    // Leaving is for good: a stream still open (or back later) does not bring the presence back.
    await h.run(parent, 'mutation($c: ID!) { leaveCall(callId: $c) }', { c: callId });
    await keepPresence(t.db, callId, parent);
    const live = await t.db.query('SELECT 1 FROM call_participants WHERE call_id = $1 AND user_id = $2 AND left_at IS NULL', [callId, parent]);
    expect(live).toHaveLength(0);
    await waitUntil(() => a.last()?.participants.length === 1);

    // Everyone silent: the call lists stop showing it as live.
    await t.db.query(`UPDATE call_participants SET seen_at = now() - interval '60 seconds' WHERE call_id = $1`, [callId]);
    await keepPresence(t.db, callId, parent);
    expect((await h.pulledCalls(admin)).get(callId)!.live).toBe(false);
  });
});

describe('one person, two devices', () => {
  it('moves the person to the device they join from last; the first device is told and its late leave ends nothing', async () => {
    const { callId, code } = await linkCall('SCHOOL', 'Собрание с телефона и ноутбука');
    const join = (who: string, device: string | null, vars: { callId?: string; linkCode?: string }) =>
      h.run<{ participantId: string }>(who, 'mutation($c: ID, $l: String, $d: ID) { joinCall(callId: $c, linkCode: $l, device: $d) { participantId } }', {
        c: vars.callId,
        l: vars.linkCode,
        d: device,
      });
    expect((await join(parent, 'no', { linkCode: code })).code).toBe('BAD_REQUEST');
    await join(admin, 'admin-desk-01', { callId });
    const onPhone = (await join(parent, 'parent-phone-01', { linkCode: code })).data!.participantId;
    // Reconnecting from the same device, or from a client that names none: the same presence.
    expect((await join(parent, 'parent-phone-01', { callId })).data!.participantId).toBe(onPhone);
    expect((await join(parent, null, { callId })).data!.participantId).toBe(onPhone);

    const phoneWs = wsClient(t.baseUrl, await h.cookieOf(parent));
    const phoneRooms: Room[] = [];
    let phoneDone = false;
    const phone = phoneWs.subscribe<{ callRoom: Room }>(
      { query: `subscription($c: ID!, $d: ID) { callRoom(callId: $c, device: $d) { ${ROOM} } }`, variables: { c: callId, d: 'parent-phone-01' } },
      { next: (r) => void (r.data && phoneRooms.push(r.data.callRoom)), error: () => undefined, complete: () => void (phoneDone = true) },
    );
    await waitUntil(() => phoneRooms.some((r) => r.participants.length === 2));

    const onLaptop = (await join(parent, 'parent-laptop-1', { callId })).data!.participantId;
    expect(onLaptop).not.toBe(onPhone);
    await waitUntil(() => phoneDone);
    expect(phoneRooms.at(-1)!.command).toBe('MOVED');
    // The phone's tab closes afterwards: its leave must not end the call on the laptop.
    await h.run(parent, 'mutation($c: ID!, $d: ID) { leaveCall(callId: $c, device: $d) }', { c: callId, d: 'parent-phone-01' });
    const live = await t.db.query<{ id: string }>('SELECT id FROM call_participants WHERE call_id = $1 AND user_id = $2 AND left_at IS NULL', [callId, parent]);
    expect(live.map((r) => r.id)).toEqual([onLaptop]);
    phone();
  });
});

describe('leaving the school', () => {
  it('takes a person out of the school’s calls, even ones they joined before', async () => {
    const { callId, code } = await linkCall('SCHOOL', 'Общешкольное собрание');
    const leaver = h.studentsOf('class-5a')[0]!;
    expect((await h.join(leaver, { linkCode: code })).code).toBeNull();
    await h.run(leaver, 'mutation($c: ID!) { leaveCall(callId: $c) }', { c: callId });
    expect((await h.join(leaver, { callId })).code).toBeNull(); // a member since: back by the call's id
    await h.run(leaver, 'mutation($c: ID!) { leaveCall(callId: $c) }', { c: callId });
    await t.db.query('DELETE FROM memberships WHERE user_id = $1', [leaver]);
    expect((await h.join(leaver, { callId })).code).toBe('CALL_NOT_IN_AUDIENCE');
    expect((await h.join(leaver, { linkCode: code })).code).toBe('CALL_NOT_IN_AUDIENCE');
  });
});
