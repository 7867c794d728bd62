/**
 * Whatever a device pushes — any string (every code point, control characters, lone UTF-16 halves,
 * invisible characters) in any field, any date-like text in date fields — each document of the batch
 * is either stored and pulled back exactly as pushed, or refused alone with a code and a reason.
 * The batch never fails (no «Unexpected error» / INTERNAL), on PGlite and on PostgreSQL alike.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS, ERROR_CODES, PULL_BATCH_MAX, editableFields, type CollectionName } from '../../sync/index.ts';
import { DEMO_SIGN_INS, DEMO_TEACHER_ID } from '../demo/index.ts';
import { emptyCopy, pullInto, pushRows } from '../../tests/fixtures/sync-client.ts';
import { TEST_TODAY, startTestApp, type TestApp } from '../../tests/fixtures/test-app.ts';

const RUNS = 100;
const phoneOf = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;

let t: TestApp;
let teacher: string;
let lessonId: string;
let studentId: string;
beforeAll(async () => {
  t = await startTestApp();
  teacher = await t.signIn(phoneOf('teacher'));
  lessonId = t.school.rows.lessons.find((l) => l.teacher_id === DEMO_TEACHER_ID && l.class_id === 'class-7a' && l.date === TEST_TODAY)!.id;
  studentId = t.school.rows.memberships.find((m) => m.role === 'student' && m.class_id === 'class-7a')!.user_id;
});
afterAll(() => t.close());

/** Characters that broke or slipped through before: NUL, C0, C1, line separators, zero-width ones, halves of a pair. */
const tricky = fc.constantFrom(
  '\u0000', '\u0001', '\u0007', '\u001F', '\u007F', '\u0085', '\u009F', '\t', '\n', '\r', '\u2028', '\u2029',
  '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u180E', '\u3164', '\uFE0F', '\u00A0', ' ',
  '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uFFFE', '\uFFFF', 'a', 'я', 'ә', '7', '-', '😀', '\u{10FFFF}',
);
/** Allowed yet unusual: invisible and format characters beside visible ones, noncharacters, bidi overrides, combining marks. */
const oddButAllowed = fc.constantFrom('a', 'я', 'ә', '😀', '\u200B', '\u200D', '\u2060', '\u00AD', '\u202E', '\u0301', '\uFFFE', '\uFFFF', '\u{10FFFF}', '\u{E0001}', ' ', '\u00A0');
const loneHalf = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'binary-ascii', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: fc.oneof(tricky, loneHalf, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 12 }),
  fc.string({ unit: oddButAllowed, maxLength: 12 }),
);
const two = (n: number): string => String(n).padStart(2, '0');
/** ISO-looking stamps with every part possibly out of range (Feb 30, hour 24, year 0000 or 9999, zone +15:00). */
const isoLike = fc
  .record({
    year: fc.oneof(fc.integer({ min: 2019, max: 2027 }), fc.integer({ min: 0, max: 9999 })),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 60 }),
    second: fc.option(fc.integer({ min: 0, max: 61 })),
    zone: fc.constantFrom('Z', '+03:00', '-05:30', '+14:00', '-14:01', '+15:00', '+03:60', ''),
  })
  .map(({ year, month, day, hour, minute, second, zone }) =>
    `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}${second === null ? '' : `:${two(second)}`}${zone}`,
  );
const anyStamp = fc.oneof(
  { weight: 2, arbitrary: fc.date({ min: new Date('2019-06-01T00:00:00Z'), max: new Date(Date.now() + 3 * 86_400_000), noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: isoLike },
  { weight: 1, arbitrary: anyText },
);
/** Mostly the right value, sometimes anything. */
const mostly = <T,>(value: T, other: fc.Arbitrary<unknown> = anyText) => fc.oneof({ weight: 5, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: other });

/** What follows a document's fresh id: mostly nothing, sometimes anything. */
const idTail = fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 1, arbitrary: anyText });
let next = 0;
/** Each document pushed gets an id never pushed before (so each is a create, shrinking included). */
const withFreshId = (prefix: string, { idTail: tail, ...doc }: Record<string, unknown>): Record<string, unknown> & { id: string } => ({ ...doc, id: `${prefix}-${next++}${String(tail)}` });

/** Documents of every collection a device may push (built once the demo school is loaded). */
const documents = (): Record<'messages' | 'chats' | 'marks', fc.Arbitrary<Record<string, unknown>>> => ({
  messages: fc.record({
    idTail,
    chatId: mostly('chat-class-7a'),
    authorId: mostly(DEMO_TEACHER_ID),
    clientId: mostly('dev-prop'),
    text: anyText,
    createdAt: anyStamp,
    deleted: fc.constant(false),
  }),
  chats: fc.record({
    idTail,
    schoolId: mostly('school-1'),
    kind: mostly('group'),
    title: anyText,
    about: fc.option(anyText),
    whoCanPost: fc.oneof(fc.constantFrom('all', 'admins'), anyText),
    deleted: fc.constant(false),
  }),
  marks: fc
    .record({
      idTail,
      lessonId: mostly(lessonId),
      studentId: mostly(studentId),
      mark: mostly<unknown>(['grade', '5'], fc.tuple(fc.oneof(fc.constantFrom('grade', 'attendance'), anyText), anyText)),
      weight: fc.option(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }))),
      comment: fc.option(anyText),
      deleted: fc.constant(false),
    })
    .map(({ mark, ...doc }) => ({ ...doc, kind: (mark as string[])[0], value: (mark as string[])[1] })),
});

const specOf = (name: CollectionName) => COLLECTIONS.find((c) => c.name === name)!;
const editable = (name: CollectionName) => editableFields(specOf(name)).filter((f) => f !== 'deleted');

describe('pushing anything: each document stored exactly as pushed, or refused alone with a reason', () => {
  for (const name of ['messages', 'chats', 'marks'] as const) {
    it(name, async () => {
      // What a device of this teacher holds, kept up to date after every push.
      const copy = await pullInto(t, name, teacher, emptyCopy(), PULL_BATCH_MAX);
      const seen = { stored: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(documents()[name], { minLength: 1, maxLength: 4 }), async (generated) => {
          const docs = generated.map((doc) => withFreshId(name, doc));
          // Never a failed batch: pushRows throws on any GraphQL error (INTERNAL among them).
          const answer = await pushRows(t, name, teacher, docs.map((newDocumentState) => ({ assumedMasterState: null, newDocumentState })));
          await pullInto(t, name, teacher, copy, PULL_BATCH_MAX);
          const refused = new Map(answer.rejected.map((r) => [r.id, r]));
          for (const doc of docs) {
            const { id } = doc;
            const refusal = refused.get(id);
            if (refusal) {
              expect(ERROR_CODES).toContain(refusal.code);
              expect(refusal.code).not.toBe('INTERNAL');
              expect(refusal.message.length).toBeGreaterThan(0);
              expect(copy.docs.has(id)).toBe(false);
              seen.refused++;
              continue;
            }
            const pulled = copy.docs.get(id);
            expect(pulled, `${JSON.stringify(doc)} was neither refused nor stored`).toBeDefined();
            for (const field of editable(name)) expect([field, pulled![field] ?? null]).toEqual([field, doc[field] ?? null]);
            seen.stored++;
          }
        }),
        { numRuns: RUNS },
      );
      // Neither side of the property was left untried.
      expect(seen.stored).toBeGreaterThan(RUNS / 10);
      expect(seen.refused).toBeGreaterThan(RUNS / 10);
    });
  }

  it('every collection a device may push is covered', () => {
    const pushable = COLLECTIONS.filter((c) => c.conflict !== 'server-only').map((c) => c.name);
    expect(pushable.sort()).toEqual(Object.keys(documents()).sort());
  });
});
