import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SIGN_INS } from '../demo/index.ts';
import { startTestApp, type TestApp } from '../../tests/fixtures/test-app.ts';
import { PULL_BATCH_MAX } from '../../sync/index.ts';

type Page = { documents: Record<string, unknown>[]; checkpoint: { pos: string; id: string } | null };
const phoneOf = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** Follows checkpoints until a short page, as the client does, and returns every document. */
async function pullAll(collection: 'Marks' | 'Lessons' | 'People' | 'Structure', cookie: string, limit = 200) {
  const docs: Record<string, unknown>[] = [];
  let checkpoint: Page['checkpoint'] = null;
  for (;;) {
    const r: { data: Record<string, Page> | null; errors: unknown[] } = await t.gql<Record<string, Page>>(
      `query($c: CheckpointInput, $l: Int!) { pull${collection}(checkpoint: $c, limit: $l) { documents { id pos deleted ${
        collection === 'Marks' ? 'studentId classId value' : collection === 'Lessons' ? 'classId date' : ''
      } } checkpoint { pos id } } }`,
      { c: checkpoint, l: limit },
      { cookie },
    );
    expect(r.errors).toEqual([]);
    const page: Page = r.data![`pull${collection}`]!;
    docs.push(...page.documents);
    if (page.checkpoint) {
      // Checkpoints only move forward.
      if (checkpoint) expect(BigInt(page.checkpoint.pos) >= BigInt(checkpoint.pos)).toBe(true);
      checkpoint = page.checkpoint;
    }
    if (page.documents.length < limit) return docs;
  }
}

const studentIdsOf = (classKey: string) =>
  new Set(t.school.rows.memberships.filter((m) => m.role === 'student' && m.class_id === `class-${classKey}`).map((m) => m.user_id));

describe('who pulls what', () => {
  it('a student pulls exactly their own marks, all of them, across pages without duplicates', async () => {
    const cookie = await t.signIn(phoneOf('student'));
    const me = await t.gql<{ me: { userId: string } }>('{ me { userId } }', {}, { cookie });
    const userId = me.data!.me.userId;
    const marks = await pullAll('Marks', cookie, 37);
    const expected = t.school.rows.marks.filter((m) => m.student_id === userId);
    expect(expected.length).toBeGreaterThan(10);
    expect(marks).toHaveLength(expected.length);
    expect(new Set(marks.map((m) => m.id)).size).toBe(marks.length);
    expect(marks.every((m) => m.studentId === userId)).toBe(true);
  });

  it('a student pulls only their own class’s lessons', async () => {
    const cookie = await t.signIn(phoneOf('student'));
    const lessons = await pullAll('Lessons', cookie, 500);
    expect(lessons.length).toBeGreaterThan(100);
    expect(new Set(lessons.map((l) => l.classId))).toEqual(new Set(['class-7a']));
  });

  it('a parent pulls the marks of their two children and of no one else', async () => {
    const cookie = await t.signIn(phoneOf('parent'));
    const me = await t.gql<{ me: { diaryStudents: { id: string }[] } }>('{ me { diaryStudents { id } } }', {}, { cookie });
    const children = new Set(me.data!.me.diaryStudents.map((s) => s.id));
    expect(children.size).toBe(2);
    const marks = await pullAll('Marks', cookie, 500);
    const expected = t.school.rows.marks.filter((m) => children.has(m.student_id));
    expect(marks).toHaveLength(expected.length);
    expect(new Set(marks.map((m) => m.studentId))).toEqual(children);
    const lessons = await pullAll('Lessons', cookie, PULL_BATCH_MAX);
    expect(new Set(lessons.map((l) => l.classId))).toEqual(new Set(['class-5a', 'class-7a']));
  });

  it('a teacher pulls all marks of the classes they teach', async () => {
    const cookie = await t.signIn(phoneOf('teacher'));
    const marks = await pullAll('Marks', cookie, PULL_BATCH_MAX);
    const teacherClasses = new Set(marks.map((m) => m.classId));
    expect(teacherClasses.has('class-7a')).toBe(true);
    const students7a = studentIdsOf('7a');
    const seen7a = new Set(marks.filter((m) => m.classId === 'class-7a').map((m) => m.studentId));
    expect([...seen7a].every((id) => students7a.has(id as string))).toBe(true);
    expect(seen7a.size).toBeGreaterThan(students7a.size / 2);
  });

  it('people: a student sees the school’s teachers and themselves, not other students', async () => {
    const cookie = await t.signIn(phoneOf('student'));
    const people = await pullAll('People', cookie, 500);
    const ids = new Set(people.map((p) => p.id as string));
    const students = t.school.rows.memberships.filter((m) => m.role === 'student').map((m) => m.user_id);
    expect(students.filter((id) => ids.has(id))).toHaveLength(1);
    const teachers = t.school.rows.memberships.filter((m) => m.role === 'teacher').map((m) => m.user_id);
    expect(teachers.every((id) => ids.has(id))).toBe(true);
  });

  it('no session, no data', async () => {
    const r = await t.gql('{ pullMarks(checkpoint: null, limit: 10) { documents { id } } }');
    expect(r.data).toBeNull();
    expect(r.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.errors[0]?.message).toBe('Войдите в Парту, чтобы продолжить.');
    const forged = await t.gql('{ pullMarks(checkpoint: null, limit: 10) { documents { id } } }', {}, { cookie: 'parta_session=forged' });
    expect(forged.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an out-of-range page size or a malformed checkpoint', async () => {
    const cookie = await t.signIn(phoneOf('student'));
    const big = await t.gql('{ pullMarks(checkpoint: null, limit: 100000) { documents { id } } }', {}, { cookie });
    expect(big.errors[0]?.extensions?.code).toBe('BAD_REQUEST');
    const bad = await t.gql('{ pullMarks(checkpoint: { pos: "1; DROP TABLE marks", id: "" }, limit: 10) { documents { id } } }', {}, { cookie });
    expect(bad.errors[0]?.extensions?.code).toBe('BAD_REQUEST');
  });
});
