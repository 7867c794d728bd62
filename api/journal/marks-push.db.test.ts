import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SIGN_INS, DEMO_TEACHER_ID } from '../demo/index.ts';
import { TEST_TODAY, startTestApp, type TestApp } from '../../tests/fixtures/test-app.ts';

const PUSH = `mutation($rows: [MarkPushRow!]!) { pushMarks(rows: $rows) {
  conflicts { id pos value } rejected { id code message } } }`;
type PushResult = { pushMarks: { conflicts: { id: string; pos: string; value: string }[]; rejected: { id: string; code: string; message: string }[] } };
const phoneOf = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;

let t: TestApp;
let teacher: string;
let lessonId: string;
let otherLessonId: string;
let studentId: string;
let strangerId: string;

beforeAll(async () => {
  t = await startTestApp();
  teacher = await t.signIn(phoneOf('teacher'));
  const mine = t.school.rows.lessons.find((l) => l.teacher_id === DEMO_TEACHER_ID && l.class_id === 'class-7a' && l.date === TEST_TODAY);
  const notMine = t.school.rows.lessons.find((l) => l.teacher_id !== DEMO_TEACHER_ID && l.class_id === 'class-7a');
  lessonId = mine!.id;
  otherLessonId = notMine!.id;
  studentId = t.school.rows.memberships.find((m) => m.role === 'student' && m.class_id === 'class-7a')!.user_id;
  // A 5А pupil who is not the demo parent's child: outside every demo sign-in's scope but the admin's.
  const parentId = t.school.rows.users.find((u) => u.phone === phoneOf('parent'))!.id;
  const parentsChildren = new Set(t.school.rows.guardianships.filter((g) => g.parent_id === parentId).map((g) => g.child_id));
  strangerId = t.school.rows.memberships.find((m) => m.role === 'student' && m.class_id === 'class-5a' && !parentsChildren.has(m.user_id))!.user_id;
});
afterAll(() => t.close());

const doc = (id: string, fields: Record<string, unknown> = {}) => ({
  id,
  pos: '0',
  lessonId,
  studentId,
  classId: 'ignored-by-server',
  subjectId: 'ignored-by-server',
  date: '1999-01-01',
  kind: 'grade',
  value: '5',
  deleted: false,
  ...fields,
});

describe('pushing marks', () => {
  it('accepts a teacher’s grade, stamps it from the lesson, and a repeat of the same push changes nothing', async () => {
    const row = { assumedMasterState: null, newDocumentState: doc('mark-push-1', { weight: 2, comment: 'Отлично' }) };
    const first = await t.gql<PushResult>(PUSH, { rows: [row] }, { cookie: teacher });
    expect(first.errors).toEqual([]);
    const [stored] = await t.db.query<{ class_id: string; date: string; pos: number | string; author_id: string }>(
      "SELECT class_id, date::text AS date, pos, author_id FROM marks WHERE id = 'mark-push-1'",
    );
    expect(stored).toMatchObject({ class_id: 'class-7a', date: TEST_TODAY, author_id: DEMO_TEACHER_ID });
    // Taken: the answer is the stored version, with the position the server gave it.
    expect(first.data?.pushMarks).toEqual({ conflicts: [{ id: 'mark-push-1', pos: String(stored!.pos), value: '5' }], rejected: [] });
    // The response was lost and the client pushes again with the same assumed state: it conflicts
    // with the stored document, which comes back unchanged; nothing is written twice.
    const again = await t.gql<PushResult>(PUSH, { rows: [row] }, { cookie: teacher });
    expect(again.data?.pushMarks.conflicts).toEqual([{ id: 'mark-push-1', pos: String(stored!.pos), value: '5' }]);
    const [count] = await t.db.query<{ n: string | number }>("SELECT count(*) AS n FROM marks WHERE id = 'mark-push-1'");
    expect(Number(count!.n)).toBe(1);
  });

  it('corrects a grade when the assumed state is current, and returns the real one when it is stale', async () => {
    const [{ pos }] = (await t.db.query<{ pos: number | string }>("SELECT pos FROM marks WHERE id = 'mark-push-1'")) as [{ pos: number | string }];
    const assumed = doc('mark-push-1', { pos: String(pos), weight: 2, comment: 'Отлично' });
    const ok = await t.gql<PushResult>(PUSH, { rows: [{ assumedMasterState: assumed, newDocumentState: { ...assumed, value: '4' } }] }, { cookie: teacher });
    expect(ok.data?.pushMarks.rejected).toEqual([]);
    expect(ok.data?.pushMarks.conflicts).toMatchObject([{ id: 'mark-push-1', value: '4' }]);
    const stale = await t.gql<PushResult>(PUSH, { rows: [{ assumedMasterState: assumed, newDocumentState: { ...assumed, value: '3' } }] }, { cookie: teacher });
    expect(stale.data?.pushMarks.conflicts[0]?.value).toBe('4');
    const [row] = await t.db.query<{ value: string }>("SELECT value FROM marks WHERE id = 'mark-push-1'");
    expect(row?.value).toBe('4');
  });

  it('rejects each bad document with its own reason and still accepts the good ones in the batch', async () => {
    const rows = [
      doc('bad-value', { value: '6' }),
      doc('bad-kind', { kind: 'emoji', value: '🙂' }),
      doc('bad-weight', { weight: 40 }),
      doc('not-my-lesson', { lessonId: otherLessonId }),
      doc('wrong-class', { studentId: strangerId }),
      doc('no-lesson', { lessonId: 'lesson-nowhere' }),
      doc('bad id with spaces'),
      doc('good-one', { kind: 'attendance', value: 'late' }),
    ].map((d) => ({ assumedMasterState: null, newDocumentState: d }));
    const result = await t.gql<PushResult>(PUSH, { rows }, { cookie: teacher });
    const byId = Object.fromEntries(result.data!.pushMarks.rejected.map((r) => [r.id, r]));
    expect(Object.keys(byId).sort()).toEqual(
      ['bad id with spaces', 'bad-kind', 'bad-value', 'bad-weight', 'no-lesson', 'not-my-lesson', 'wrong-class'].sort(),
    );
    expect(byId['bad-value']?.message).toBe('недопустимое значение отметки «6»');
    expect(byId['not-my-lesson']).toMatchObject({ code: 'FORBIDDEN', message: 'вы не ведёте этот урок' });
    expect(byId['wrong-class']?.message).toBe('ученик не учится в этом классе');
    const stored = await t.db.query<{ id: string }>("SELECT id FROM marks WHERE id IN ('good-one', 'bad-value', 'wrong-class')");
    expect(stored.map((r) => r.id)).toEqual(['good-one']);
  });

  it('words rejections in the pusher’s language', async () => {
    const result = await t.gql<PushResult>(
      PUSH,
      { rows: [{ assumedMasterState: null, newDocumentState: doc('bad-en', { value: 'A+' }) }] },
      { cookie: teacher, lang: 'en' },
    );
    expect(result.data?.pushMarks.rejected[0]?.message).toBe('invalid mark «A+»');
  });

  it('does not let a student or a parent write marks', async () => {
    for (const role of ['student', 'parent']) {
      const cookie = await t.signIn(phoneOf(role));
      const result = await t.gql<PushResult>(PUSH, { rows: [{ assumedMasterState: null, newDocumentState: doc(`by-${role}`) }] }, { cookie });
      expect(result.data?.pushMarks.rejected[0]?.code).toBe('FORBIDDEN');
    }
    const none = await t.db.query("SELECT id FROM marks WHERE id IN ('by-student', 'by-parent')");
    expect(none).toEqual([]);
  });

  it('never shows or overwrites a mark outside the pusher’s scope, whatever id is pushed', async () => {
    const strangersMark = t.school.rows.marks.find((m) => m.student_id === strangerId)!;
    for (const role of ['student', 'parent']) {
      const cookie = await t.signIn(phoneOf(role));
      const probe = await t.gql<PushResult>(PUSH, { rows: [{ assumedMasterState: null, newDocumentState: doc(strangersMark.id) }] }, { cookie });
      // The device gets a tombstone for its copy (so it matches the server), and learns nothing.
      expect(probe.data?.pushMarks.conflicts, role).toEqual([{ id: strangersMark.id, pos: '0', value: '' }]);
      expect(probe.data?.pushMarks.rejected[0]).toMatchObject({ id: strangersMark.id, code: 'FORBIDDEN' });
    }
    // A teacher who teaches only 7А (every demo teacher teaches both classes, so add one) pushes that
    // id as a mark of their own lesson: nothing changes.
    await t.db.query(`INSERT INTO users (id, phone, password_hash, last_name, first_name)
      SELECT 'u-t-new', '+79000000999', password_hash, 'Новикова', 'Ольга' FROM users WHERE id = $1`, [DEMO_TEACHER_ID]);
    await t.db.query(`INSERT INTO memberships (user_id, school_id, role) VALUES ('u-t-new', 'school-1', 'teacher')`);
    await t.db.query(`INSERT INTO teaching (teacher_id, class_id, subject_id) SELECT 'u-t-new', 'class-7a', subject_id FROM lessons WHERE id = $1`, [otherLessonId]);
    await t.db.query(`UPDATE lessons SET teacher_id = 'u-t-new' WHERE id = $1`, [otherLessonId]);
    const cookie = await t.signIn('+79000000999');
    const attempt = doc(strangersMark.id, { lessonId: otherLessonId, value: '2' });
    const result = await t.gql<PushResult>(PUSH, { rows: [{ assumedMasterState: null, newDocumentState: attempt }] }, { cookie });
    expect(result.data?.pushMarks.conflicts).toEqual([{ id: strangersMark.id, pos: '0', value: '' }]);
    expect(result.data?.pushMarks.rejected[0]?.message).toBe('запись с таким идентификатором уже есть, и она вам недоступна');
    const [row] = await t.db.query<{ value: string; lesson_id: string }>('SELECT value, lesson_id FROM marks WHERE id = $1', [strangersMark.id]);
    expect(row).toEqual({ value: strangersMark.value, lesson_id: strangersMark.lesson_id });
  });

  it('rejects a document that does not match the schema before any resolver runs', async () => {
    const result = await t.gql(PUSH, { rows: [{ newDocumentState: { id: 'x', value: 5 } }] }, { cookie: teacher });
    expect(result.status).toBe(400);
    expect(result.errors[0]?.message).toMatch(/Variable "\$rows"/);
  });
});
