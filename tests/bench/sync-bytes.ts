/**
 * Bytes a device moves: a fresh school year, then one typical school day's delta, for a student and
 * a teacher, compressed (what the server sends with `Accept-Encoding: gzip`) and uncompressed.
 * Measured through the real server (`yoga.fetch`) on an in-memory PGlite, following checkpoints as
 * the device does; response bodies only (headers are a few hundred bytes per request).
 */
import { gunzipSync } from 'node:zlib';
import { COLLECTIONS, PULL_BATCH_SIZE, operationNames, selection, type Checkpoint } from '../../sync/index.ts';
import { DEMO_SIGN_INS, DEMO_TEACHER_ID } from '../../api/demo/index.ts';
import { startTestApp, type TestApp } from '../fixtures/test-app.ts';
import type { BenchOutcome } from './outcome.ts';
import { fixed, int, kb, markdownTable } from './table.ts';

const TODAY = '2027-05-20';
/** The school day whose changes make the delta: the day after «today» is a Friday. */
const DAY = '2027-05-21';
const MARKS_PER_STUDENT_LESSON = 1.6;

interface Tally {
  docs: number;
  requests: number;
  gzip: number;
  plain: number;
}

async function pullAll(t: TestApp, cookie: string, checkpoints: Map<string, Checkpoint | null>): Promise<Tally> {
  const tally: Tally = { docs: 0, requests: 0, gzip: 0, plain: 0 };
  for (const spec of COLLECTIONS) {
    const op = operationNames(spec).pull;
    for (;;) {
      const response = await t.app.yoga.fetch(
        'http://parta.test/graphql',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-encoding': 'gzip', cookie },
          body: JSON.stringify({
            query: `query Pull($checkpoint: CheckpointInput, $limit: Int!) { ${op}(checkpoint: $checkpoint, limit: $limit) { documents { ${selection(spec)} } checkpoint { pos id } } }`,
            variables: { checkpoint: checkpoints.get(spec.name) ?? null, limit: PULL_BATCH_SIZE },
          }),
        },
        { setCookies: [], clientAddress: '127.0.0.1' },
      );
      const body = Buffer.from(await response.arrayBuffer());
      const gzipped = response.headers.get('content-encoding') === 'gzip';
      const plain = gzipped ? gunzipSync(body) : body;
      tally.requests++;
      tally.gzip += body.length;
      tally.plain += plain.length;
      const page = (JSON.parse(plain.toString('utf8')) as { data: Record<string, { documents: unknown[]; checkpoint: Checkpoint | null }> }).data[op]!;
      tally.docs += page.documents.length;
      if (page.checkpoint) checkpoints.set(spec.name, page.checkpoint);
      if (page.documents.length < PULL_BATCH_SIZE) break;
    }
  }
  return tally;
}

/** One school day as it happens: every lesson of the day gets its topic and homework, grades and
 *  attendance for both classes, and the class and parents' chats talk. */
async function writeSchoolDay(t: TestApp): Promise<void> {
  const lessons = t.school.rows.lessons.filter((l) => l.date === DAY);
  if (!lessons.length) throw new Error(`no lessons on ${DAY}`);
  await t.db.tx(async (q) => {
    for (const l of lessons) {
      await q.query('UPDATE lessons SET topic = $2, homework = $3 WHERE id = $1', [l.id, `Тема урока ${l.number}`, `§ ${l.number + 10}, упр. ${l.number * 3}`]);
      const students = t.school.rows.memberships.filter((m) => m.role === 'student' && m.class_id === l.class_id);
      // About four grades and one absence per lesson, as in the demo journal.
      const picked = students.filter((_, i) => (i + l.number) % 6 === 0).slice(0, 5);
      for (const [i, s] of picked.entries()) {
        await q.query(
          `INSERT INTO marks (id, school_id, lesson_id, student_id, class_id, subject_id, date, kind, value, author_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [`day-${l.id}-${s.user_id}`, l.school_id, l.id, s.user_id, l.class_id, l.subject_id, l.date, i === 4 ? 'attendance' : 'grade', i === 4 ? 'absent' : String(3 + (i % 3)), l.teacher_id],
        );
      }
    }
    for (const chat of ['chat-class-5a', 'chat-class-7a', 'chat-parents-5a', 'chat-parents-7a', 'chat-teachers']) {
      for (let i = 0; i < 12; i++) {
        await q.query(
          `INSERT INTO messages (id, chat_id, author_id, client_id, text, created_at)
           SELECT $1, id, created_by, 'bench', $2, $3 FROM chats WHERE id = $4`,
          [`day-${chat}-${i}`, `Сообщение ${i + 1}: не забудьте дневники и сменную обувь.`, `${DAY}T${String(8 + i).padStart(2, '0')}:15:00+03:00`, chat],
        );
      }
    }
  });
}

export async function runSyncBytes(): Promise<BenchOutcome> {
  const t = await startTestApp({ today: TODAY, marksPerStudentLesson: MARKS_PER_STUDENT_LESSON });
  try {
    const people = [
      { who: 'student', cookie: await t.signIn(DEMO_SIGN_INS.find((s) => s.role === 'student')!.phone) },
      { who: `teacher (${DEMO_TEACHER_ID})`, cookie: await t.signIn(DEMO_SIGN_INS.find((s) => s.role === 'teacher')!.phone) },
    ];
    const checkpoints = people.map(() => new Map<string, Checkpoint | null>());
    const fresh: Tally[] = [];
    for (const [i, p] of people.entries()) fresh.push(await pullAll(t, p.cookie, checkpoints[i]!));
    await writeSchoolDay(t);
    const delta: Tally[] = [];
    for (const [i, p] of people.entries()) delta.push(await pullAll(t, p.cookie, checkpoints[i]!));
    const rows = people.flatMap((p, i) =>
      (
        [
          ['fresh year', fresh[i]!],
          [`one day (${DAY})`, delta[i]!],
        ] as const
      ).map(([what, x]) => [p.who, what, int(x.docs), int(x.requests), kb(x.gzip), kb(x.plain), fixed(x.plain / Math.max(1, x.gzip), 1)]),
    );
    const problems = delta.filter((d) => d.docs === 0).map((_, i) => `${people[i]!.who}: the day's delta moved no documents`);
    return {
      title: 'Sync bytes',
      markdown: [
        `### Bytes on the wire: a fresh year and one school day (today ${TODAY}, ${MARKS_PER_STUDENT_LESSON} marks per student-lesson)`,
        '',
        markdownTable(['Person', 'Pull', 'Docs', 'Requests', 'gzip body', 'Uncompressed', 'Ratio'], rows, ['left', 'left', 'right', 'right', 'right', 'right', 'right']),
        '',
        `All ${COLLECTIONS.length} collections, ${PULL_BATCH_SIZE} documents per page, response bodies as the server sends them with Accept-Encoding: gzip. ` +
          'The day: topic and homework on every lesson of the day, about five marks per lesson, 12 messages in each of five chats.',
        ...problems.map((p) => `**Problem:** ${p}`),
      ].join('\n'),
      summary: `student year ${kb(fresh[0]!.gzip)} gzip (${kb(fresh[0]!.plain)} plain), day ${kb(delta[0]!.gzip)} (${kb(delta[0]!.plain)})`,
      ok: problems.length === 0,
    };
  } finally {
    await t.close();
  }
}
