import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SIGN_INS, DEMO_TEACHER_ID } from '../demo/index.ts';
import { emptyCopy, pullInto, pushRows, type DeviceCopy } from '../../tests/fixtures/sync-client.ts';
import { startTestApp, type TestApp } from '../../tests/fixtures/test-app.ts';

const phoneOf = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;
const userIdOf = (role: string): string => t.school.rows.users.find((u) => u.phone === phoneOf(role))!.id;

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn(phoneOf('admin'));
});
afterAll(() => t.close());

const ids = (copy: DeviceCopy): string[] => [...copy.docs.keys()].sort();
const studentsOf = (classId: string): string[] =>
  t.school.rows.memberships.filter((m) => m.role === 'student' && m.class_id === classId).map((m) => m.user_id);
const marksOf = (studentId: string): string[] =>
  t.school.rows.marks.filter((m) => m.student_id === studentId).map((m) => m.id).sort();

async function gqlOk(query: string, variables: Record<string, unknown>, cookie: string): Promise<void> {
  const r = await t.gql(query, variables, { cookie });
  expect(r.errors).toEqual([]);
}
const ADD = 'mutation($c: String!, $u: [String!]!) { addChatMembers(chatId: $c, userIds: $u) }';
const REMOVE = 'mutation($c: String!, $u: String!) { removeChatMember(chatId: $c, userId: $u) }';

describe('scopes that move', () => {
  it('a person added to a chat receives its history; removed, their device purges it and gets nothing more', async () => {
    const student = await t.signIn(phoneOf('student'));
    const chats = await pullInto(t, 'chats', student, emptyCopy());
    const messages = await pullInto(t, 'messages', student, emptyCopy());
    expect(ids(chats)).toEqual(['chat-class-7a']);
    const history = t.school.rows.messages.filter((m) => m.chat_id === 'chat-class-5a').map((m) => m.id).sort();
    expect(history.length).toBeGreaterThan(0);
    expect([...messages.docs.keys()].some((id) => history.includes(id))).toBe(false);

    const studentId = userIdOf('student');
    await gqlOk(ADD, { c: 'chat-class-5a', u: [studentId] }, admin);
    await pullInto(t, 'chats', student, chats);
    await pullInto(t, 'messages', student, messages);
    expect(ids(chats)).toEqual(['chat-class-5a', 'chat-class-7a']);
    // The history is older than the device's checkpoint, and still arrives.
    expect(history.every((id) => messages.docs.has(id))).toBe(true);

    await gqlOk(REMOVE, { c: 'chat-class-5a', u: studentId }, admin);
    const before = messages.received.length;
    await pullInto(t, 'chats', student, chats);
    await pullInto(t, 'messages', student, messages);
    expect(ids(chats)).toEqual(['chat-class-7a']);
    expect(history.some((id) => messages.docs.has(id))).toBe(false);
    // What purges the copy reveals nothing: every field is blank.
    const tombstones = messages.received.slice(before);
    expect(tombstones.map((d) => d.id).sort()).toEqual(history);
    expect(tombstones.every((d) => d.deleted === true && d.text === '' && d.authorId === '')).toBe(true);

    // A message written after the removal never reaches the removed person, and they cannot post.
    const teacher = await t.signIn(phoneOf('teacher'));
    const later = { id: 'msg-after-removal', chatId: 'chat-class-5a', authorId: DEMO_TEACHER_ID, clientId: 'dev-t', text: 'Без вас', createdAt: '2026-11-18T10:00:00+03:00', deleted: false };
    expect((await pushRows(t, 'messages', teacher, [{ assumedMasterState: null, newDocumentState: later }])).rejected).toEqual([]);
    await pullInto(t, 'messages', student, messages);
    expect(messages.docs.has('msg-after-removal')).toBe(false);
    const attempt = { ...later, id: 'msg-by-removed', authorId: studentId, clientId: 'dev-s' };
    const refused = await pushRows(t, 'messages', student, [{ assumedMasterState: null, newDocumentState: attempt }]);
    expect(refused.rejected).toEqual([{ id: 'msg-by-removed', code: 'FORBIDDEN', message: 'вы не участник этого чата' }]);
  });

  it('a parent linked to another child receives that child’s marks history; unlinked, purges it', async () => {
    const parent = await t.signIn(phoneOf('parent'));
    const parentId = userIdOf('parent');
    const ownChildren = t.school.rows.guardianships.filter((g) => g.parent_id === parentId).map((g) => g.child_id);
    const newChild = studentsOf('class-5a').find((id) => !ownChildren.includes(id))!;
    const marks = await pullInto(t, 'marks', parent, emptyCopy(), 500);
    const people = await pullInto(t, 'people', parent, emptyCopy());
    expect(marksOf(newChild).some((id) => marks.docs.has(id))).toBe(false);
    expect(people.docs.has(newChild)).toBe(false);

    await t.db.query('INSERT INTO guardianships (parent_id, child_id) VALUES ($1, $2)', [parentId, newChild]);
    await pullInto(t, 'marks', parent, marks, 500);
    await pullInto(t, 'people', parent, people);
    expect(marksOf(newChild).length).toBeGreaterThan(0);
    expect(marksOf(newChild).every((id) => marks.docs.has(id))).toBe(true);
    expect(people.docs.has(newChild)).toBe(true);

    await t.db.query('DELETE FROM guardianships WHERE parent_id = $1 AND child_id = $2', [parentId, newChild]);
    await pullInto(t, 'marks', parent, marks, 500);
    await pullInto(t, 'people', parent, people);
    expect(marksOf(newChild).some((id) => marks.docs.has(id))).toBe(false);
    expect(people.docs.has(newChild)).toBe(false);
    // The parent's own children's marks are untouched.
    for (const child of ownChildren) expect(marksOf(child).every((id) => marks.docs.has(id))).toBe(true);
  });

  it('a teacher assigned to a class receives its lessons and marks; unassigned, purges them', async () => {
    await t.db.query(`INSERT INTO users (id, phone, password_hash, last_name, first_name)
      SELECT 'u-t-scope', '+79000000777', password_hash, 'Смирнова', 'Анна' FROM users WHERE id = $1`, [DEMO_TEACHER_ID]);
    await t.db.query(`INSERT INTO memberships (user_id, school_id, role) VALUES ('u-t-scope', 'school-1', 'teacher')`);
    const teacher = await t.signIn('+79000000777');
    const lessons = await pullInto(t, 'lessons', teacher, emptyCopy(), 500);
    const marks = await pullInto(t, 'marks', teacher, emptyCopy(), 500);
    expect(lessons.docs.size + marks.docs.size).toBe(0);

    const subject = t.school.rows.teaching.find((r) => r.class_id === 'class-5a')!.subject_id;
    await t.db.query(`INSERT INTO teaching (teacher_id, class_id, subject_id) VALUES ('u-t-scope', 'class-5a', $1)`, [subject]);
    await pullInto(t, 'lessons', teacher, lessons, 500);
    await pullInto(t, 'marks', teacher, marks, 500);
    const classLessons = t.school.rows.lessons.filter((l) => l.class_id === 'class-5a').map((l) => l.id).sort();
    const classMarks = t.school.rows.marks.filter((m) => m.class_id === 'class-5a').map((m) => m.id).sort();
    expect(ids(lessons)).toEqual(classLessons);
    expect(ids(marks)).toEqual(classMarks);

    await t.db.query(`DELETE FROM teaching WHERE teacher_id = 'u-t-scope'`);
    await pullInto(t, 'lessons', teacher, lessons, 500);
    await pullInto(t, 'marks', teacher, marks, 500);
    expect(lessons.docs.size + marks.docs.size).toBe(0);
  });

  it('a device that slept through a gain and a loss ends up holding exactly its current scope', async () => {
    const student = await t.signIn(phoneOf('student'));
    const studentId = userIdOf('student');
    const messages = await pullInto(t, 'messages', student, emptyCopy());
    // While this device is offline: added to two chats, seen by another device, removed from one.
    await gqlOk(ADD, { c: 'chat-parents-5a', u: [studentId] }, admin);
    await gqlOk(ADD, { c: 'chat-class-5a', u: [studentId] }, admin);
    await pullInto(t, 'chats', student, emptyCopy()); // another device of the same person records the grants
    await gqlOk(REMOVE, { c: 'chat-parents-5a', u: studentId }, admin);
    await pullInto(t, 'messages', student, messages, 2);
    const expected = t.school.rows.messages.filter((m) => ['chat-class-7a', 'chat-class-5a'].includes(m.chat_id)).map((m) => m.id);
    const held = ids(messages).filter((id) => id.startsWith('msg-chat-'));
    expect(held).toEqual(expected.sort());
  });
});
