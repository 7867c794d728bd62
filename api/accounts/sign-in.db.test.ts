import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SIGN_INS } from '../demo/index.ts';
import { startTestApp, type TestApp } from '../../tests/fixtures/test-app.ts';
import { SIGN_IN_LIMITS } from './rate-limit.ts';

const SIGN_IN = 'mutation($p: String!, $w: String!) { signIn(phone: $p, password: $w) { userId diaryStudents { id className } } }';
const ME = '{ me { userId firstName diaryStudents { id classId className } school { name timeZone } } }';
const phoneOf = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('sign-in', () => {
  it('signs a parent in with any common spelling of the phone and sets an HttpOnly session cookie', async () => {
    const national = phoneOf('parent').slice(2); // 9000000001
    const spelled = `8 (${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6, 8)}-${national.slice(8)}`;
    const result = await t.gql<{ signIn: { diaryStudents: { className: string }[] } }>(SIGN_IN, { p: spelled, w: 'parta-demo' });
    expect(result.errors).toEqual([]);
    expect(result.data?.signIn.diaryStudents.map((s) => s.className).sort()).toEqual(['5А', '7А']);
    const cookie = result.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^parta_session=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
  });

  it('signs in a family that moved from Kazakhstan or Belarus, whatever way they spell the number', async () => {
    // Accounts are stored in E.164; the parents type the number the way they are used to.
    const studentId = t.school.rows.users.find((u) => u.phone === phoneOf('student'))!.id;
    const parents = [
      { id: 'u-p-kz', phone: '+77012345678', typed: ['8 (701) 234-56-78', '7012345678'] },
      { id: 'u-p-by', phone: '+375291234567', typed: ['375 29 123-45-67', '8 10 375 (29) 123 45 67'] },
    ];
    for (const p of parents) {
      await t.db.query(
        `INSERT INTO users (id, phone, password_hash, last_name, first_name)
         SELECT $1, $2, password_hash, 'Ахметова', 'Динара' FROM users WHERE phone = $3`,
        [p.id, p.phone, phoneOf('parent')],
      );
      await t.db.query('INSERT INTO guardianships (parent_id, child_id) VALUES ($1, $2)', [p.id, studentId]);
      for (const typed of p.typed) {
        const result = await t.gql<{ signIn: { userId: string; diaryStudents: { id: string }[] } }>(SIGN_IN, { p: typed, w: 'parta-demo' });
        expect(result.errors, typed).toEqual([]);
        expect(result.data?.signIn.userId, typed).toBe(p.id);
        expect(result.data?.signIn.diaryStudents.map((s) => s.id)).toEqual([studentId]);
      }
    }
    // A Moscow landline cannot take the SMS code sign-up will send: it is no account's number.
    const landline = await t.gql(SIGN_IN, { p: '+7 495 123-45-67', w: 'parta-demo' });
    expect(landline.errors[0]?.extensions?.code).toBe('INVALID_PHONE');
  });

  it('keeps the session across requests and ends it on sign-out', async () => {
    const cookie = await t.signIn(phoneOf('student'));
    const me = await t.gql<{ me: { diaryStudents: { id: string }[]; school: { timeZone: string } } }>(ME, {}, { cookie });
    expect(me.data?.me.diaryStudents).toHaveLength(1);
    expect(me.data?.me.school.timeZone).toBe('Europe/Moscow');
    const out = await t.gql('mutation { signOut }', {}, { cookie });
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    const after = await t.gql<{ me: unknown }>(ME, {}, { cookie });
    expect(after.data?.me).toBeNull();
  });

  it('answers a wrong password and an unknown phone with the same error, in the user language', async () => {
    const wrong = await t.gql(SIGN_IN, { p: phoneOf('teacher'), w: 'nope' });
    const unknown = await t.gql(SIGN_IN, { p: '+7 999 111-22-33', w: 'nope' });
    expect(wrong.errors[0]?.message).toBe('Неверный номер телефона или пароль.');
    expect(unknown.errors[0]).toEqual(wrong.errors[0]);
    const english = await t.gql(SIGN_IN, { p: '+7 999 111-22-34', w: 'nope' }, { lang: 'en-GB,en;q=0.9' });
    expect(english.errors[0]?.message).toBe('Wrong phone number or password.');
  });

  it('rejects something that is not a phone number with its own clear message', async () => {
    const result = await t.gql(SIGN_IN, { p: 'hello', w: 'x' });
    expect(result.errors[0]?.extensions?.code).toBe('INVALID_PHONE');
    expect(result.errors[0]?.message).toMatch(/номер мобильного телефона/);
  });

  it('rate-limits repeated failures for a phone, even when the right password finally comes', async () => {
    const phone = phoneOf('admin');
    for (let i = 0; i < 5; i++) {
      const r = await t.gql(SIGN_IN, { p: phone, w: `guess-${i}` });
      expect(r.errors[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
      // Two minutes pass between tries: longer than the growing delay, well inside the window.
      await t.db.query("UPDATE sign_in_failures SET at = at - interval '2 minutes'");
    }
    const blocked = await t.gql(SIGN_IN, { p: phone, w: 'parta-demo' });
    expect(blocked.status).toBe(429);
    expect(blocked.errors[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(blocked.errors[0]?.message).toMatch(/Слишком много попыток входа\. Попробуйте снова через \d+ мин\./);
    // Another person's sign-in from the same address is not blocked.
    await expect(t.signIn(phoneOf('teacher'))).resolves.toMatch(/^parta_session=/);
  });

  it('lets no burst of parallel guesses past the limit while passwords are being checked', async () => {
    const phone = '+79001234567';
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => t.gql(SIGN_IN, { p: phone, w: `burst-${i}` })));
    const codes = results.map((r) => r.errors[0]?.extensions?.code);
    // Which ones get checked depends on interleaving; that at most the free tries do does not.
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS').length).toBeLessThanOrEqual(SIGN_IN_LIMITS.freePerPair);
    expect(codes.filter((c) => c === 'SIGN_IN_DELAYED' || c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(12 - SIGN_IN_LIMITS.freePerPair);
    expect(codes.every((c) => c === 'INVALID_CREDENTIALS' || c === 'SIGN_IN_DELAYED' || c === 'RATE_LIMITED')).toBe(true);
  });

  it('answers malformed GraphQL with a 400 and a message', async () => {
    const response = await t.app.yoga.fetch('http://parta.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { ' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string }[] };
    expect(body.errors[0]?.message).toMatch(/^Некорректный запрос: Syntax Error/);
    const aliases = Array.from({ length: 8 }, (_, i) => `a${i}: me { userId }`).join(' ');
    const tooMany = await t.gql(`{ ${aliases} }`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.errors[0]?.message).toMatch(/at most 5 root fields/);
    const mangledCookie = await t.gql('{ me { userId } }', {}, { cookie: 'parta_session=%E0%A4%A' });
    expect(mangledCookie.errors).toEqual([]);
    const unknownField = await t.gql('{ me { shoeSize } }');
    expect(unknownField.status).toBe(400);
    expect(unknownField.errors[0]?.message).toMatch(/shoeSize/);
    const notJson = await t.app.yoga.fetch('http://parta.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
  });
});
