/**
 * An attacker's texts and dates: NUL and other control characters, lone surrogates, zero-width-only
 * texts, days that do not exist, years 0000 and 9999. Each bad document is refused alone, with its
 * reason, while the valid one pushed beside it is stored; outside pushes (a checkpoint, a call id, a
 * call title) the answer is a bad request in the person's language, never «Unexpected error».
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SIGN_INS, DEMO_TEACHER_ID } from '../demo/index.ts';
import { pushRows } from '../../tests/fixtures/sync-client.ts';
import { TEST_TODAY, startTestApp, type TestApp } from '../../tests/fixtures/test-app.ts';

const phoneOf = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;
const NUL = '\u0000';
const ZERO_WIDTH_ONLY = '\u200B\u200C\u200D\u2060\u180E \u00A0';

let t: TestApp;
let teacher: string;
beforeAll(async () => {
  t = await startTestApp();
  teacher = await t.signIn(phoneOf('teacher'));
});
afterAll(() => t.close());

const rowsOf = (docs: Record<string, unknown>[]) => docs.map((newDocumentState) => ({ assumedMasterState: null, newDocumentState }));
const reasons = (result: { rejected: { id: string; code: string; message: string }[] }) =>
  Object.fromEntries(result.rejected.map((r) => [r.id, `${r.code}: ${r.message}`]));
/** Which of these ids are stored (an id with a NUL cannot be, nor even be looked up). */
const storedIds = async (table: string, ids: string[]) => {
  const lookable = ids.filter((id) => !id.includes(NUL));
  return (await t.db.query<{ id: string }>(`SELECT id FROM ${table} WHERE id = ANY($1::text[]) ORDER BY id`, [lookable])).map((r) => r.id);
};

const BAD_CHARS = 'INVALID_DOCUMENT: в поле «Текст» есть недопустимые (управляющие) символы';
const BAD_TIME = 'INVALID_DOCUMENT: в поле «Время написания» недопустимое время (проверьте часы устройства)';

describe('pushed documents: each bad one is refused alone, the good one beside it is stored', () => {
  const message = (id: string, fields: Record<string, unknown> = {}) => ({
    id, chatId: 'chat-class-7a', authorId: DEMO_TEACHER_ID, clientId: 'dev-attack', text: 'Завтра контрольная',
    createdAt: `${TEST_TODAY}T09:00:00+03:00`, deleted: false, ...fields,
  });

  it('messages: control characters, lone surrogates, zero-width-only text, impossible times', async () => {
    const docs = [
      message('msg-nul', { text: `до${NUL}после` }),
      message('msg-c0', { text: 'звонок\u0007' }),
      message('msg-c1', { text: 'next\u0085line' }),
      message('msg-surrogate', { text: 'half \uD83D of an emoji' }),
      message('msg-bom', { text: '\uFEFFПривет' }),
      message('msg-zero-width', { text: ZERO_WIDTH_ONLY }),
      message('msg-feb-30', { createdAt: '2025-02-30T10:00:00Z' }),
      message('msg-apr-31', { createdAt: '2025-04-31T10:00:00Z' }),
      message('msg-year-0', { createdAt: '0000-01-01T00:00:00Z' }),
      message('msg-year-9999', { createdAt: '9999-12-31T23:59:59Z' }),
      message('msg-hour-24', { createdAt: `${TEST_TODAY}T24:00:00Z` }),
      message('msg-not-iso', { createdAt: 'Wed, 18 Nov 2026 09:00:00 GMT' }),
      message(`msg-id${NUL}`),
      message('msg-chat-nul', { chatId: `chat-class-7a${NUL}` }),
      message('msg-good', { text: 'Строка 1\nСтрока 2\tс табуляцией 👍' }),
    ];
    const result = await pushRows(t, 'messages', teacher, rowsOf(docs));
    expect(reasons(result)).toEqual({
      'msg-nul': BAD_CHARS,
      'msg-c0': BAD_CHARS,
      'msg-c1': BAD_CHARS,
      'msg-surrogate': BAD_CHARS,
      'msg-bom': BAD_CHARS,
      'msg-zero-width': 'INVALID_DOCUMENT: поле «Текст» не может быть пустым',
      'msg-feb-30': BAD_TIME,
      'msg-apr-31': BAD_TIME,
      'msg-year-0': BAD_TIME,
      'msg-year-9999': BAD_TIME,
      'msg-hour-24': BAD_TIME,
      'msg-not-iso': BAD_TIME,
      [`msg-id${NUL}`]: 'INVALID_DOCUMENT: в поле «Идентификатор» есть недопустимые (управляющие) символы',
      'msg-chat-nul': 'INVALID_DOCUMENT: в поле «Чат» есть недопустимые (управляющие) символы',
    });
    expect(await storedIds('messages', docs.map((d) => d.id))).toEqual(['msg-good']);
    const [good] = await t.db.query<{ text: string }>(`SELECT text FROM messages WHERE id = 'msg-good'`);
    expect(good?.text).toBe('Строка 1\nСтрока 2\tс табуляцией 👍');
  });

  it('chats: a title with a NUL, a line break or only zero-width characters; a description with a NUL', async () => {
    const chat = (id: string, fields: Record<string, unknown> = {}) => ({
      id, schoolId: 'school-1', kind: 'group', title: 'Кружок', about: null, whoCanPost: 'all', deleted: false, ...fields,
    });
    const docs = [
      chat('chat-nul', { title: `Круж${NUL}ок` }),
      chat('chat-newline', { title: 'Кру\nжок' }),
      chat('chat-zero-width', { title: ZERO_WIDTH_ONLY }),
      chat('chat-about-nul', { about: `Описание${NUL}` }),
      chat('chat-good', { title: 'Шахматы', about: 'По средам\nв 15:00' }),
    ];
    const result = await pushRows(t, 'chats', teacher, rowsOf(docs), 'en');
    expect(reasons(result)).toEqual({
      'chat-nul': 'INVALID_DOCUMENT: the field «Name» contains control characters that are not allowed',
      'chat-newline': 'INVALID_DOCUMENT: the field «Name» contains control characters that are not allowed',
      'chat-zero-width': 'INVALID_DOCUMENT: the field «Name» cannot be empty',
      'chat-about-nul': 'INVALID_DOCUMENT: the field «Description» contains control characters that are not allowed',
    });
    expect(await storedIds('chats', docs.map((d) => d.id))).toEqual(['chat-good']);
  });

  it('marks: a comment with a NUL, a lesson id with a NUL', async () => {
    const lesson = t.school.rows.lessons.find((l) => l.teacher_id === DEMO_TEACHER_ID && l.class_id === 'class-7a' && l.date === TEST_TODAY)!;
    const studentId = t.school.rows.memberships.find((m) => m.role === 'student' && m.class_id === 'class-7a')!.user_id;
    const mark = (id: string, fields: Record<string, unknown> = {}) => ({
      id, lessonId: lesson.id, studentId, classId: '', subjectId: '', date: '', kind: 'grade', value: '5', comment: null, deleted: false, ...fields,
    });
    const docs = [
      mark('mark-comment-nul', { comment: `Молодец${NUL}` }),
      mark('mark-lesson-nul', { lessonId: `${lesson.id}${NUL}` }),
      mark('mark-comment-bell', { comment: 'Молодец\u0007' }),
      mark('mark-good', { comment: 'Хорошо.\nБез ошибок.' }),
    ];
    const result = await pushRows(t, 'marks', teacher, rowsOf(docs));
    expect(reasons(result)).toEqual({
      'mark-comment-nul': 'INVALID_DOCUMENT: в поле «Комментарий» есть недопустимые (управляющие) символы',
      'mark-lesson-nul': 'INVALID_DOCUMENT: в поле «Урок» есть недопустимые (управляющие) символы',
      'mark-comment-bell': 'INVALID_DOCUMENT: в поле «Комментарий» есть недопустимые (управляющие) символы',
    });
    expect(await storedIds('marks', docs.map((d) => d.id))).toEqual(['mark-good']);
  });
});

describe('other arguments: a bad request in the person’s language, never «Unexpected error»', () => {
  const badRequest = async (query: string, variables: Record<string, unknown>, lang = 'ru') => {
    const result = await t.gql(query, variables, { cookie: teacher, lang });
    expect(result.data?.[Object.keys(result.data ?? {})[0] ?? ''] ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    return { status: result.status, code: result.errors[0]?.extensions?.code, message: result.errors[0]?.message };
  };

  it('a checkpoint id with a NUL', async () => {
    const pull = 'query($c: CheckpointInput) { pullMessages(checkpoint: $c, limit: 10) { checkpoint { id } } }';
    expect(await badRequest(pull, { c: { pos: '1', id: `msg${NUL}` } })).toEqual({
      status: 400, code: 'BAD_REQUEST', message: 'Некорректный запрос: в «checkpoint.id» есть недопустимые (управляющие) символы.',
    });
  });

  it('a call id with a NUL, whichever call mutation carries it', async () => {
    const expected = { status: 400, code: 'BAD_REQUEST', message: 'Некорректный запрос: в «callId» есть недопустимые (управляющие) символы.' };
    expect(await badRequest('mutation($c: ID!) { leaveCall(callId: $c) }', { c: `call-1${NUL}` })).toEqual(expected);
    expect(await badRequest('mutation($c: ID!) { endCall(callId: $c) }', { c: `call-1${NUL}` })).toEqual(expected);
    expect(await badRequest('mutation($c: ID) { joinCall(callId: $c) { callId } }', { c: `call-1${NUL}` })).toEqual(expected);
    expect(await badRequest('mutation($c: ID!) { publishOnlineLesson(callId: $c) }', { c: `\uDC00` }, 'en')).toEqual({
      status: 400, code: 'BAD_REQUEST', message: 'Bad request: «callId» contains control characters that are not allowed.',
    });
  });

  it('a call title with a NUL, or made only of zero-width characters', async () => {
    const create = 'mutation($t: String!) { createLinkCall(title: $t, media: AUDIO, audience: LINK) }';
    expect(await badRequest(create, { t: `Собрание${NUL}` })).toEqual({
      status: 400, code: 'BAD_REQUEST', message: 'Некорректный запрос: в «title» есть недопустимые (управляющие) символы.',
    });
    expect(await badRequest(create, { t: ZERO_WIDTH_ONLY })).toEqual({
      status: 400, code: 'BAD_REQUEST', message: 'Некорректный запрос: поле «Название» не может быть пустым.',
    });
    const calls = await t.db.query(`SELECT id FROM calls WHERE title LIKE 'Собрание%' OR title = $1`, [ZERO_WIDTH_ONLY.trim()]);
    expect(calls).toEqual([]);
  });
});

describe('a query that does not validate', () => {
  it('says «bad request» once, in the language of whoever sends it, however often it is sent', async () => {
    const query = '{ pullMesages(limit: 1) { checkpoint { id } } }';
    const messages: string[] = [];
    for (const lang of ['ru', 'ru', 'en', 'ru']) messages.push((await t.gql(query, {}, { lang })).errors[0]!.message);
    const ru = messages[0]!;
    expect(ru).toMatch(/^Некорректный запрос: Cannot query field "pullMesages" on type "Query"\. Did you mean/);
    expect(messages).toEqual([ru, ru, ru.replace('Некорректный запрос', 'Bad request'), ru]);
    const unparsable = '{ pullMessages(limit: 1) { checkpoint { id } }';
    const parseErrors: string[] = [];
    for (const lang of ['en', 'ru']) parseErrors.push((await t.gql(unparsable, {}, { lang })).errors[0]!.message);
    expect(parseErrors).toEqual(['Bad request: Syntax Error: Expected Name, found <EOF>.', 'Некорректный запрос: Syntax Error: Expected Name, found <EOF>.']);
  });
});
