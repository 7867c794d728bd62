/**
 * Conflict rules and refusals end to end: the app's own data layer on two devices (RxDB, its
 * replication, conflict handlers and outbox), the real server over HTTP, devices going offline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SIGN_INS, DEMO_TEACHER_ID } from '../../api/demo/index.ts';
import { startDevice, type RemoteDevice as Device } from '../fixtures/device-rpc.ts';
import { startListeningApp, type ListeningApp } from '../fixtures/listening-app.ts';
import { waitUntil } from '../fixtures/wait-until.ts';

const phoneOf = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;

let t: ListeningApp;
const devices: Device[] = [];
beforeAll(async () => {
  t = await startListeningApp();
});
afterAll(async () => {
  await Promise.all(devices.map((d) => d.close()));
  await t.close();
});

async function device(role: string, name: string): Promise<Device> {
  const d = await startDevice(t.baseUrl, phoneOf(role), name);
  devices.push(d);
  return d;
}

const local = (d: Device, collection: 'marks' | 'chats' | 'messages', id: string) => d.get(collection, id);
async function waitForIssues(d: Device, n: number): Promise<Awaited<ReturnType<Device['issues']>>> {
  let issues = await d.issues();
  await waitUntil(async () => (issues = await d.issues()).length === n);
  return issues;
}

describe('two devices, offline edits, back online', () => {
  it('manual (a mark): the second device shows the server’s version and keeps its own beside it; «keep mine» wins', async () => {
    const phone = await device('teacher', 'phone');
    const desktop = await device('teacher', 'desktop');
    const mark = t.school.rows.marks.find((m) => m.kind === 'grade' && m.class_id === 'class-7a' && m.author_id === DEMO_TEACHER_ID)!;
    const original = (await local(phone, 'marks', mark.id))!;
    expect(original).toBeDefined();
    await phone.setOnline(false);
    await desktop.setOnline(false);
    await phone.save('marks', { ...original, value: '5' });
    await desktop.save('marks', { ...original, value: '2', comment: 'без домашней работы' });
    expect((await desktop.status()).pendingWrites).toBe(1);

    await phone.setOnline(true);
    await phone.sync();
    expect((await phone.status()).pendingWrites).toBe(0);
    await desktop.setOnline(true);
    await desktop.sync();
    const [issue] = await waitForIssues(desktop, 1);
    expect(issue).toMatchObject({ state: 'conflict', target: 'marks', docId: mark.id });
    expect(JSON.parse(issue!.mine!)).toMatchObject({ value: '2', comment: 'без домашней работы' });
    expect(JSON.parse(issue!.theirs!)).toMatchObject({ value: '5' });
    // Meanwhile the device shows what the server has, not a silent mix.
    expect(await local(desktop, 'marks', mark.id)).toMatchObject({ value: '5' });

    await desktop.keepMine(issue!.id);
    await desktop.sync();
    expect(await desktop.issues()).toEqual([]);
    const [row] = await t.db.query<{ value: string; comment: string }>('SELECT value, comment FROM marks WHERE id = $1', [mark.id]);
    expect(row).toEqual({ value: '2', comment: 'без домашней работы' });
    await phone.sync();
    expect(await local(phone, 'marks', mark.id)).toMatchObject({ value: '2' });
  });

  it('mergeable (chat info): two admins change different fields offline, both changes survive on both devices', async () => {
    const teacher = await device('teacher', 'merge-t');
    const admin = await device('admin', 'merge-a');
    await teacher.save('chats', { id: 'chat-dev-merge', schoolId: 'school-1', kind: 'group', title: 'Олимпиада', whoCanPost: 'all', createdBy: '' });
    await teacher.sync();
    const adminId = admin.session.userId;
    const cookie = await t.signIn(phoneOf('teacher'));
    await t.gql('mutation($c: String!, $u: [String!]!) { addChatMembers(chatId: $c, userIds: $u) }', { c: 'chat-dev-merge', u: [adminId] }, { cookie });
    await admin.sync();
    const seen = (await local(admin, 'chats', 'chat-dev-merge'))!;
    expect(seen).toMatchObject({ title: 'Олимпиада' });

    await teacher.setOnline(false);
    await admin.setOnline(false);
    await teacher.save('chats', { ...seen, title: 'Олимпиада по математике' });
    await admin.save('chats', { ...seen, whoCanPost: 'admins' });
    await teacher.setOnline(true);
    await admin.setOnline(true);
    await teacher.sync();
    await admin.sync();
    await teacher.sync();
    for (const d of [teacher, admin]) {
      expect(await local(d, 'chats', 'chat-dev-merge'), d.name).toMatchObject({ title: 'Олимпиада по математике', whoCanPost: 'admins' });
      expect(await d.issues(), d.name).toEqual([]);
    }
  });

  it('append-only (messages): offline messages from two people reach the server once and both devices, in one order', async () => {
    const teacher = await device('teacher', 'chat-t');
    const student = await device('student', 'chat-s');
    await teacher.setOnline(false);
    await student.setOnline(false);
    const write = (d: Device, n: number) =>
      d.save('messages', {
        id: `m-${d.name}-${n}`,
        chatId: 'chat-class-7a',
        authorId: d.session.userId,
        clientId: d.name,
        text: `${d.name} #${n}`,
        createdAt: new Date(Date.UTC(2026, 10, 18, 9, n)).toISOString(),
        edited: false,
      });
    for (let n = 1; n <= 5; n++) {
      await write(teacher, n);
      await write(student, n);
    }
    expect((await student.status()).pendingWrites).toBe(5);
    await teacher.setOnline(true);
    await student.setOnline(true);
    await Promise.all([teacher.sync(), student.sync()]);
    // Without the stream (not run in Node), each device pulls what the other sent when told to.
    await Promise.all([teacher.sync(), student.sync()]);
    const rows = await t.db.query<{ id: string }>(`SELECT id FROM messages WHERE id LIKE 'm-chat-%' ORDER BY created_pos`);
    expect(rows).toHaveLength(10);
    const orderOnServer = rows.map((r) => r.id);
    for (const d of [teacher, student]) {
      const docs = await d.find('messages', { chatId: 'chat-class-7a' });
      const mine = docs.filter((m) => String(m.id).startsWith('m-chat-'));
      // Server positions order the chat the same way on every device; each author's messages keep their order.
      const byPos = [...mine].sort((a, b) => Number(a.createdPos) - Number(b.createdPos)).map((m) => m.id);
      expect(byPos, d.name).toEqual(orderOnServer);
      expect((await d.status()).pendingWrites, d.name).toBe(0);
    }
    for (const author of ['chat-t', 'chat-s']) {
      const own = orderOnServer.filter((id) => id.startsWith(`m-${author}-`));
      expect(own).toEqual([1, 2, 3, 4, 5].map((n) => `m-${author}-${n}`));
    }
  });

  it('refused: the device keeps the message as «not sent» with the server’s reason, until the person decides', async () => {
    const student = await device('student', 'refused-s');
    const teacher = await device('teacher', 'refused-t');
    // The class chat becomes announcements-only: the student's device has not heard yet.
    await t.db.query(`UPDATE chats SET who_can_post = 'admins' WHERE id = 'chat-class-7a'`);
    await student.save('messages', {
      id: 'm-refused', chatId: 'chat-class-7a', authorId: student.session.userId, clientId: 'refused-s', text: 'Можно вопрос?',
      createdAt: '2026-11-18T09:30:00.000Z', edited: false,
    });
    await student.sync();
    const [issue] = await waitForIssues(student, 1);
    expect(issue).toMatchObject({ state: 'rejected', code: 'FORBIDDEN', reason: 'писать в этот чат могут только администраторы' });
    expect(JSON.parse(issue!.mine!)).toMatchObject({ text: 'Можно вопрос?' });
    expect(await student.status()).toMatchObject({ pendingWrites: 0, needsAttention: 1 });
    expect((await t.db.query(`SELECT 1 FROM messages WHERE id = 'm-refused'`)).length).toBe(0);
    await teacher.sync();
    expect(await local(teacher, 'messages', 'm-refused')).toBeNull();

    // Posting opens again; the person sends it again from the «not sent» list.
    await t.db.query(`UPDATE chats SET who_can_post = 'all' WHERE id = 'chat-class-7a'`);
    await student.keepMine(issue!.id);
    await student.sync();
    expect(await student.issues()).toEqual([]);
    expect((await t.db.query(`SELECT text FROM messages WHERE id = 'm-refused'`))).toEqual([{ text: 'Можно вопрос?' }]);
  });

  it('a bad character: the app refuses to queue it; one queued anyway (an older app) comes back «not sent» alone, and the device stops retrying', async () => {
    const teacher = await device('teacher', 'nul-t');
    const message = (id: string, text: string) => ({
      id, chatId: 'chat-class-7a', authorId: teacher.session.userId, clientId: 'nul-t', text, createdAt: '2026-11-18T10:00:00.000Z', edited: false,
    });
    await expect(teacher.save('messages', message('m-nul-app', 'до\u0000после'))).rejects.toThrow(/messages\.text: badCharacters/);
    expect((await teacher.status()).pendingWrites).toBe(0);

    await teacher.setOnline(false);
    await teacher.saveUnchecked('messages', message('m-nul-old', 'до\u0000после'));
    await teacher.save('messages', message('m-beside-nul', 'Рядом с плохим'));
    expect((await teacher.status()).pendingWrites).toBe(2);
    await teacher.setOnline(true);
    // Resolves only once nothing is left to push: the batch is not retried for ever.
    await teacher.sync();
    const [issue] = await waitForIssues(teacher, 1);
    expect(issue).toMatchObject({
      state: 'rejected', docId: 'm-nul-old', code: 'INVALID_DOCUMENT', reason: 'в поле «Текст» есть недопустимые (управляющие) символы',
    });
    expect(JSON.parse(issue!.mine!)).toMatchObject({ text: 'до\u0000после' });
    expect(await teacher.status()).toMatchObject({ pendingWrites: 0, needsAttention: 1, lastError: null });
    const stored = await t.db.query<{ id: string }>(`SELECT id FROM messages WHERE id IN ('m-nul-app', 'm-nul-old', 'm-beside-nul')`);
    expect(stored).toEqual([{ id: 'm-beside-nul' }]);
    expect(await local(teacher, 'messages', 'm-beside-nul')).toMatchObject({ text: 'Рядом с плохим' });
    expect(await local(teacher, 'messages', 'm-nul-old')).toBeNull();
  });

  it('a device removed from a chat purges it: not even a deleted copy stays in its database', async () => {
    const student = await device('student', 'purge-s');
    const ids = t.school.rows.messages.filter((m) => m.chat_id === 'chat-class-7a').map((m) => m.id);
    expect(await student.stored('messages', ids)).toBe(ids.length);
    await t.db.query(`DELETE FROM chat_members WHERE chat_id = 'chat-class-7a' AND user_id = $1`, [student.session.userId]);
    await student.sync();
    await waitUntil(async () => (await student.stored('messages', ids)) === 0, 10_000);
    expect(await student.get('chats', 'chat-class-7a')).toBeNull();
  });
});
