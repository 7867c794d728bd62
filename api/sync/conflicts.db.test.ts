import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SIGN_INS, DEMO_TEACHER_ID } from '../demo/index.ts';
import { emptyCopy, pullInto, pushRows, type SyncDoc } from '../../tests/fixtures/sync-client.ts';
import { startTestApp, type TestApp } from '../../tests/fixtures/test-app.ts';
import { COLLECTIONS, PULL_BATCH_MAX, sameContent } from '../../sync/index.ts';

const phoneOf = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;

let t: TestApp;
let teacher: string;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  teacher = await t.signIn(phoneOf('teacher'));
  admin = await t.signIn(phoneOf('admin'));
});
afterAll(() => t.close());

/** Taken as pushed: nothing refused, and the answer is the server's copy saying the same. */
function expectTaken(result: { conflicts: SyncDoc[]; rejected: unknown[] }, pushed: Record<string, unknown>, collection: 'marks' | 'chats' | 'messages'): void {
  expect(result.rejected).toEqual([]);
  expect(result.conflicts).toHaveLength(1);
  expect(sameContent(COLLECTIONS.find((c) => c.name === collection)!, pushed, result.conflicts[0]!)).toBe(true);
}

async function serverCopy(collection: 'marks' | 'chats' | 'messages', id: string, cookie: string): Promise<SyncDoc> {
  const copy = await pullInto(t, collection, cookie, emptyCopy(), PULL_BATCH_MAX);
  return copy.docs.get(id)!;
}

describe('manual (marks): both versions reach the person, nothing is overwritten silently', () => {
  it('the second of two offline edits gets the first one back as a conflict; choosing «mine» then succeeds', async () => {
    const mark = t.school.rows.marks.find((m) => m.kind === 'grade' && m.class_id === 'class-7a' && m.author_id === DEMO_TEACHER_ID)!;
    const seen = await serverCopy('marks', mark.id, teacher);
    // Two devices of teachers of the class hold the same version and edit it offline.
    const deviceA = { ...seen, value: '5', comment: 'исправлено' };
    const deviceB = { ...seen, value: '3' };
    expectTaken(await pushRows(t, 'marks', teacher, [{ assumedMasterState: seen, newDocumentState: deviceA }]), deviceA, 'marks');
    const second = await pushRows(t, 'marks', teacher, [{ assumedMasterState: seen, newDocumentState: deviceB }]);
    expect(second.rejected).toEqual([]);
    expect(second.conflicts).toHaveLength(1);
    expect(second.conflicts[0]).toMatchObject({ id: mark.id, value: '5', comment: 'исправлено' });
    // Nothing was written by the conflicting push.
    expect((await serverCopy('marks', mark.id, teacher)).value).toBe('5');
    // The person chose their version: it is pushed again on top of the one they were shown.
    const mine = { ...deviceB, comment: null };
    expectTaken(await pushRows(t, 'marks', teacher, [{ assumedMasterState: second.conflicts[0]!, newDocumentState: mine }]), mine, 'marks');
    expect((await serverCopy('marks', mark.id, teacher)).value).toBe('3');
  });

  it('a second quick edit from the same device is not a conflict (positions are not compared)', async () => {
    const mark = t.school.rows.marks.find((m) => m.kind === 'grade' && m.class_id === 'class-5a' && m.author_id === DEMO_TEACHER_ID)!;
    const seen = await serverCopy('marks', mark.id, teacher);
    const first = { ...seen, value: '4' };
    expectTaken(await pushRows(t, 'marks', teacher, [{ assumedMasterState: seen, newDocumentState: first }]), first, 'marks');
    // The device has not pulled: it assumes its own first edit is the master state (stale `pos`).
    const again = { ...first, value: '2' };
    expectTaken(await pushRows(t, 'marks', teacher, [{ assumedMasterState: first, newDocumentState: again }]), again, 'marks');
    expect((await serverCopy('marks', mark.id, teacher)).value).toBe('2');
  });
});

describe('mergeable (chats): field-level merge', () => {
  const base = { id: 'chat-merge', schoolId: 'school-1', kind: 'group', title: 'Кружок робототехники', about: null, whoCanPost: 'all', deleted: false };

  it('two admins editing different fields offline both keep their change; the same field: the later push wins', async () => {
    expectTaken(await pushRows(t, 'chats', teacher, [{ assumedMasterState: null, newDocumentState: base }]), base, 'chats');
    const adminId = t.school.rows.users.find((u) => u.phone === phoneOf('admin'))!.id;
    await t.gql('mutation($c: String!, $u: [String!]!) { addChatMembers(chatId: $c, userIds: $u) }', { c: 'chat-merge', u: [adminId] }, { cookie: teacher });
    const seen = await serverCopy('chats', 'chat-merge', teacher);
    expect(seen).toMatchObject({ title: base.title, createdBy: DEMO_TEACHER_ID });
    // Admin device 1 renames; school admin's device changes who may post (both from the same version).
    const renamed = { ...seen, title: 'Робототехника' };
    expectTaken(await pushRows(t, 'chats', teacher, [{ assumedMasterState: seen, newDocumentState: renamed }]), renamed, 'chats');
    // The second admin's answer is already the merge: their change and the first admin's.
    const merged = await pushRows(t, 'chats', admin, [{ assumedMasterState: seen, newDocumentState: { ...seen, whoCanPost: 'admins' } }]);
    expect(merged.rejected).toEqual([]);
    expect(merged.conflicts).toMatchObject([{ id: 'chat-merge', title: 'Робототехника', whoCanPost: 'admins' }]);
    expect(await serverCopy('chats', 'chat-merge', teacher)).toMatchObject({ title: 'Робототехника', whoCanPost: 'admins' });
    // Both change the description from the same version: the later push wins, the rest stays.
    const now = await serverCopy('chats', 'chat-merge', teacher);
    await pushRows(t, 'chats', teacher, [{ assumedMasterState: now, newDocumentState: { ...now, about: 'по вторникам' } }]);
    await pushRows(t, 'chats', admin, [{ assumedMasterState: now, newDocumentState: { ...now, about: 'по средам' } }]);
    expect(await serverCopy('chats', 'chat-merge', teacher)).toMatchObject({ title: 'Робототехника', whoCanPost: 'admins', about: 'по средам' });
  });

  it('a merge that breaks a rule is refused like any push (only admins edit, school and kind are fixed)', async () => {
    const student = await t.signIn(phoneOf('student'));
    const studentId = t.school.rows.users.find((u) => u.phone === phoneOf('student'))!.id;
    await t.gql('mutation($c: String!, $u: [String!]!) { addChatMembers(chatId: $c, userIds: $u) }', { c: 'chat-merge', u: [studentId] }, { cookie: teacher });
    const seen = await serverCopy('chats', 'chat-merge', student);
    const refused = await pushRows(t, 'chats', student, [{ assumedMasterState: seen, newDocumentState: { ...seen, title: 'Мой чат' } }]);
    expect(refused.rejected).toEqual([{ id: 'chat-merge', code: 'FORBIDDEN', message: 'менять сведения о чате могут только его администраторы' }]);
    // The device is handed the real version so its copy matches the server again.
    expect(refused.conflicts[0]).toMatchObject({ id: 'chat-merge', title: 'Робототехника' });
    const moved = await pushRows(t, 'chats', teacher, [{ assumedMasterState: seen, newDocumentState: { ...seen, kind: 'class' } }], 'en');
    expect(moved.rejected[0]?.message).toBe('a chat’s school and kind cannot change'.replace('’', "'"));
  });
});

describe('append-only (messages): cannot conflict', () => {
  const message = (id: string, text: string) => ({
    id, chatId: 'chat-class-7a', authorId: DEMO_TEACHER_ID, clientId: 'dev-1', text, createdAt: '2026-11-18T09:00:00+03:00', deleted: false,
  });

  it('a push repeated after a lost answer stores the message once, at its first position', async () => {
    const first = await pushRows(t, 'messages', teacher, [{ assumedMasterState: null, newDocumentState: message('m-once', 'Контрольная в пятницу') }]);
    const [stored] = await t.db.query<{ pos: string; created_pos: string }>(`SELECT pos::text, created_pos::text FROM messages WHERE id = 'm-once'`);
    // The answer carries the message's place in the chat, which only the server knows.
    expect(first).toMatchObject({ rejected: [], conflicts: [{ id: 'm-once', pos: stored!.pos, createdPos: stored!.created_pos }] });
    const again = await pushRows(t, 'messages', teacher, [{ assumedMasterState: null, newDocumentState: message('m-once', 'Контрольная в пятницу') }]);
    expect(again).toMatchObject({ rejected: [], conflicts: [{ id: 'm-once', pos: stored!.pos, createdPos: stored!.created_pos }] });
    const rows = await t.db.query<{ pos: string; created_pos: string }>(`SELECT pos::text, created_pos::text FROM messages WHERE id = 'm-once'`);
    expect(rows).toEqual([stored]);
    expect(stored!.created_pos).toBe(stored!.pos);
  });

  it('a repeated create with other content gets the stored version back; someone else’s id is refused', async () => {
    const back = await pushRows(t, 'messages', teacher, [{ assumedMasterState: null, newDocumentState: message('m-once', 'другой текст') }]);
    expect(back.rejected).toEqual([]);
    expect(back.conflicts[0]).toMatchObject({ id: 'm-once', text: 'Контрольная в пятницу' });
    const student = await t.signIn(phoneOf('student'));
    const studentId = t.school.rows.users.find((u) => u.phone === phoneOf('student'))!.id;
    const taken = await pushRows(t, 'messages', student, [{ assumedMasterState: null, newDocumentState: { ...message('m-once', 'моё'), authorId: studentId } }]);
    expect(taken.rejected[0]).toMatchObject({ id: 'm-once', code: 'FORBIDDEN' });
    const [row] = await t.db.query<{ text: string; author_id: string }>(`SELECT text, author_id FROM messages WHERE id = 'm-once'`);
    expect(row).toEqual({ text: 'Контрольная в пятницу', author_id: DEMO_TEACHER_ID });
  });

  it('an invalid message is refused with the reason, in the user’s language, and a tombstone for the device copy', async () => {
    const result = await pushRows(t, 'messages', teacher, [{ assumedMasterState: null, newDocumentState: message('m-empty', '   ') }], 'en');
    expect(result.rejected).toEqual([{ id: 'm-empty', code: 'INVALID_DOCUMENT', message: 'the field «Text» cannot be empty' }]);
    expect(result.conflicts).toEqual([expect.objectContaining({ id: 'm-empty', deleted: true, text: '' })]);
  });
});
