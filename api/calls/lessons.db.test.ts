import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsHelpers } from '../../tests/fixtures/calls.ts';
import { DEMO_TEACHER_ID } from '../demo/index.ts';
import { memorySfu } from '../../tests/fixtures/memory-sfu.ts';
import { emptyCopy, pullInto } from '../../tests/fixtures/sync-client.ts';
import { startTestApp, type TestApp } from '../../tests/fixtures/test-app.ts';

let t: TestApp;
let h: ReturnType<typeof callsHelpers>;
const sfu = memorySfu();
beforeAll(async () => {
  t = await startTestApp({ app: { sfu } });
  h = callsHelpers(t);
});
afterAll(async () => {
  await t.close();
  await sfu.close();
});

const CREATE = 'mutation($l: ID!, $s: [ID!], $m: CallMedia) { createOnlineLesson(lessonId: $l, studentIds: $s, media: $m) }';
const PUBLISH = 'mutation($c: ID!) { publishOnlineLesson(callId: $c) }';
const END = 'mutation($c: ID!) { endCall(callId: $c) }';
const REMOVE = 'mutation($c: ID!, $u: ID!) { removeFromCall(callId: $c, userId: $u) }';

const teacher = DEMO_TEACHER_ID;
const parent = 'u-p-01';

describe('online lessons', () => {
  // The demo student (7А) and one classmate are invited; a third 7А student is not.
  let invited: string[];
  let notInvited: string;
  let callId: string;
  beforeAll(() => {
    const students = h.studentsOf('class-7a');
    const demoStudent = t.school.rows.users.find((u) => u.phone === '+79000000002')!.id;
    invited = [demoStudent, students.find((s) => s !== demoStudent)!];
    notInvited = students.find((s) => !invited.includes(s))!;
  });

  it('refuses the signed-out, students and teachers who do not teach that lesson', async () => {
    const lessonId = h.teacherLesson7a();
    expect((await h.run(null, CREATE, { l: lessonId })).code).toBe('UNAUTHENTICATED');
    expect((await h.run(invited[0]!, CREATE, { l: lessonId })).code).toBe('CALL_NOT_YOUR_LESSON');
    const lesson = t.school.rows.lessons.find((l) => l.id === lessonId)!;
    const otherTeacher = t.school.rows.teaching.find(
      (x) => x.teacher_id !== teacher && !t.school.rows.teaching.some((y) => y.teacher_id === x.teacher_id && y.class_id === lesson.class_id && y.subject_id === lesson.subject_id),
    )!.teacher_id;
    const refused = await h.run(otherTeacher, CREATE, { l: lessonId }, 'en');
    expect(refused.code).toBe('CALL_NOT_YOUR_LESSON');
    expect(refused.message).toBe('You do not teach this lesson.');
    expect((await h.run(teacher, CREATE, { l: 'no-such-lesson' })).code).toBe('NOT_FOUND');
    expect((await h.run(teacher, CREATE, { l: lessonId, s: [h.studentsOf('class-5a')[0]] })).code).toBe('BAD_REQUEST');
  });

  it('lets the demo teacher create a draft for a 7А maths lesson that only they receive', async () => {
    const lesson = t.school.rows.lessons.find((l) => l.id === h.teacherLesson7a())!;
    expect(['subj-math', 'subj-alg', 'subj-geom']).toContain(lesson.subject_id);
    const created = await h.run<string>(teacher, CREATE, { l: h.teacherLesson7a(), s: invited });
    expect(created.code).toBeNull();
    callId = created.data!;
    const mine = (await h.pulledCalls(teacher)).get(callId);
    expect(mine).toMatchObject({ kind: 'lesson', status: 'draft', transport: 'sfu', adminId: teacher, classId: 'class-7a', live: false });
    expect(mine!.lessonId).toBe(h.teacherLesson7a());
    expect((await h.pulledCalls(invited[0]!)).has(callId)).toBe(false);
    expect((await h.join(invited[0]!, { callId })).code).toBe('CALL_NOT_PUBLISHED');
    expect((await h.run(teacher, CREATE, { l: h.teacherLesson7a() })).code).toBe('CALL_LESSON_EXISTS');
  });

  it('is not published without an SFU, and only its admin publishes it', async () => {
    sfu.available = false;
    try {
      expect((await h.run(teacher, PUBLISH, { c: callId })).code).toBe('CALL_NEEDS_SFU');
    } finally {
      sfu.available = true;
    }
    expect((await h.run(invited[0]!, PUBLISH, { c: callId })).code).toBe('CALL_NOT_ADMIN');
    expect((await h.pulledCalls(invited[0]!)).has(callId)).toBe(false);
  });

  it('once published, reaches exactly its students (a device that pulled before gets it too)', async () => {
    const before = await pullInto(t, 'calls', await h.cookieOf(invited[0]!), emptyCopy());
    expect(before.docs.has(callId)).toBe(false);
    expect((await h.run(teacher, PUBLISH, { c: callId })).data).toBe(true);
    expect((await h.run(teacher, PUBLISH, { c: callId })).data).toBe(true); // again: nothing changes
    const rooms = [...sfu.rooms.values()].filter((r) => !r.destroyed);
    expect(rooms).toHaveLength(1);
    expect(rooms[0]).toMatchObject({ publishers: 100, audioOnly: false });
    await pullInto(t, 'calls', await h.cookieOf(invited[0]!), before);
    expect(before.docs.get(callId)).toMatchObject({ status: 'published', linkCode: null });
    expect((await h.pulledCalls(invited[1]!)).has(callId)).toBe(true);
    for (const outsider of [notInvited, parent, h.studentsOf('class-5a')[0]!]) expect((await h.pulledCalls(outsider)).has(callId)).toBe(false);
    expect((await h.join(notInvited, { callId })).code).toBe('CALL_NOT_IN_AUDIENCE');
    expect((await h.join(parent, { callId })).code).toBe('CALL_NOT_IN_AUDIENCE');
    expect((await h.join(null, { callId })).code).toBe('UNAUTHENTICATED');
  });

  it('gives a student an SFU ticket whose token the room admits, and shows the lesson live', async () => {
    const joined = await h.join(invited[0]!, { callId });
    expect(joined.code).toBeNull();
    const ticket = joined.data!;
    expect(ticket).toMatchObject({ callId, transport: 'sfu', peer: null });
    expect(ticket.sfu!.path).toBe(`/sfu?p=${ticket.participantId}`);
    expect(sfu.rooms.get(ticket.sfu!.room)!.allowed.has(ticket.sfu!.token)).toBe(true);
    // Joining again (a reconnection) is the same presence.
    expect((await h.join(invited[0]!, { callId })).data!.participantId).toBe(ticket.participantId);
    expect((await h.pulledCalls(invited[1]!)).get(callId)!.live).toBe(true);
  });

  it('refuses a removed student, and a join while the SFU is down', async () => {
    const second = (await h.join(invited[1]!, { callId })).data!;
    expect((await h.run(teacher, REMOVE, { c: callId, u: invited[1] })).data).toBe(true);
    expect(sfu.kicked).toContainEqual({ room: second.sfu!.room, participantId: second.participantId });
    expect(sfu.rooms.get(second.sfu!.room)!.allowed.has(second.sfu!.token)).toBe(false);
    expect((await h.join(invited[1]!, { callId })).code).toBe('CALL_REMOVED');
    expect((await h.run(invited[0]!, REMOVE, { c: callId, u: invited[1] })).code).toBe('CALL_NOT_ADMIN');
    sfu.available = false;
    try {
      await h.run(invited[0]!, 'mutation($c: ID!) { leaveCall(callId: $c) }', { c: callId });
      expect((await h.join(invited[0]!, { callId })).code).toBe('CALL_NEEDS_SFU');
    } finally {
      sfu.available = true;
    }
  });

  it('recreates a room the SFU lost (an API or Janus restart) on join, with the same number and every live token', async () => {
    const mine = (await h.join(teacher, { callId })).data!;
    const room = mine.sfu!.room;
    const { description } = sfu.rooms.get(room)!;
    sfu.rooms.delete(room); // Janus keeps rooms in memory only; the database still names this one
    const joined = await h.join(invited[0]!, { callId });
    expect(joined.code).toBeNull();
    expect(joined.data!.sfu!.room).toBe(room);
    expect(sfu.ensured).toEqual([room]);
    const recreated = sfu.rooms.get(room)!;
    expect(recreated).toMatchObject({ description, publishers: 100, audioOnly: false, destroyed: false });
    // Everyone still in the call gets back in, not only the one joining.
    expect([...recreated.allowed].sort()).toEqual([mine.sfu!.token, joined.data!.sfu!.token].sort());
    // A reconnection of a present person recreates it just as well.
    sfu.rooms.delete(room);
    expect((await h.join(teacher, { callId })).data!.sfu).toMatchObject({ room, token: mine.sfu!.token });
    expect(sfu.ensured).toEqual([room, room]);
    expect(sfu.rooms.get(room)!.allowed).toEqual(new Set([mine.sfu!.token, joined.data!.sfu!.token]));
  });

  it('ends for everyone: the room is destroyed, nobody joins, devices see it ended', async () => {
    expect((await h.run(invited[0]!, END, { c: callId })).code).toBe('CALL_NOT_ADMIN');
    expect((await h.run(teacher, END, { c: callId })).data).toBe(true);
    expect([...sfu.rooms.values()].every((r) => r.destroyed)).toBe(true);
    expect((await h.join(invited[0]!, { callId })).code).toBe('CALL_ENDED');
    const doc = (await h.pulledCalls(invited[0]!)).get(callId)!;
    expect(doc).toMatchObject({ status: 'ended', live: false });
    expect(doc.endedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The lesson may get a new online lesson now.
    expect((await h.run(teacher, CREATE, { l: h.teacherLesson7a() })).code).toBeNull();
  });
});
