/**
 * Sign-in limits an attacker cannot turn against the person: refused tries do not count, one
 * address is slowed and then stopped for its own tries only, and guessing at a phone from many
 * addresses is still bounded. Time passes by moving the recorded failures into the past.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_SIGN_INS } from '../demo/index.ts';
import { startListeningApp, type ListeningApp } from '../../tests/fixtures/listening-app.ts';
import { clientOf, pairDelaySeconds, SIGN_IN_LIMITS } from './rate-limit.ts';

const SIGN_IN = 'mutation($p: String!, $w: String!) { signIn(phone: $p, password: $w) { userId } }';
const phoneOf = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;

let t: ListeningApp;
beforeAll(async () => {
  t = await startListeningApp({ app: { trustProxy: true } });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.query('DELETE FROM sign_in_failures');
});

/** One sign-in from `address`; answers the error code, or 'OK' with a session cookie set. */
async function signIn(phone: string, password: string, address: string, lang?: string): Promise<{ code: string; message: string }> {
  const r = await t.gql(SIGN_IN, { p: phone, w: password }, { address, ...(lang ? { lang } : {}) });
  if (r.errors.length === 0 && r.headers.get('set-cookie')?.startsWith('parta_session=')) return { code: 'OK', message: '' };
  return { code: String(r.errors[0]?.extensions?.code), message: r.errors[0]?.message ?? '' };
}

const wrong = (phone: string, address: string) => signIn(phone, 'not-the-password', address);

/** Moves every recorded attempt this far into the past. */
const elapse = (seconds: number) => t.db.query(`UPDATE sign_in_failures SET at = at - make_interval(secs => $1)`, [seconds]);

describe('one address cannot lock a person out', () => {
  it('21 quick wrong passwords from A leave the right password from B working', async () => {
    const phone = phoneOf('teacher');
    const codes: string[] = [];
    for (let i = 0; i < 21; i++) codes.push((await wrong(phone, '198.51.100.7')).code);
    expect((await signIn(phone, DEMO_PASSWORD, '203.0.113.20')).code).toBe('OK');
    // The free tries are checked; the rest came too soon and were refused without counting.
    expect(codes.slice(0, SIGN_IN_LIMITS.freePerPair)).toEqual(Array(SIGN_IN_LIMITS.freePerPair).fill('INVALID_CREDENTIALS'));
    expect(new Set(codes.slice(SIGN_IN_LIMITS.freePerPair))).toEqual(new Set(['SIGN_IN_DELAYED']));
  });

  it('nor does A patiently using all its tries and then hammering the locked account', async () => {
    const phone = phoneOf('teacher');
    for (let i = 0; i < SIGN_IN_LIMITS.perPair; i++) {
      expect((await wrong(phone, '198.51.100.7')).code).toBe('INVALID_CREDENTIALS');
      await elapse(pairDelaySeconds(i + 1) + 1);
    }
    for (let i = 0; i < 50; i++) expect((await wrong(phone, '198.51.100.7')).code).toBe('RATE_LIMITED');
    expect((await signIn(phone, DEMO_PASSWORD, '203.0.113.20')).code).toBe('OK');
  });
});

describe('the guessing address', () => {
  it('is slowed down with a growing delay, then locked, its right password too, until the window passes', async () => {
    const phone = phoneOf('admin');
    const a = '198.51.100.9';
    for (let i = 0; i < SIGN_IN_LIMITS.freePerPair; i++) expect((await wrong(phone, a)).code).toBe('INVALID_CREDENTIALS');
    const slowed = await signIn(phone, DEMO_PASSWORD, a);
    expect(slowed.code).toBe('SIGN_IN_DELAYED');
    expect(slowed.message).toMatch(/^Несколько неудачных попыток входа подряд\. Попробуйте снова через 15 с\.$/);
    const english = await signIn(phone, DEMO_PASSWORD, a, 'en');
    expect(english.message).toBe('Several failed sign-in attempts in a row. Try again in 15 s.');
    await elapse(16);
    expect((await wrong(phone, a)).code).toBe('INVALID_CREDENTIALS');
    // The next wait is longer.
    await elapse(16);
    const longer = await wrong(phone, a);
    expect(longer.code).toBe('SIGN_IN_DELAYED');
    expect(Number(/(\d+) с/.exec(longer.message)?.[1])).toBeGreaterThan(15);
    await elapse(60);
    expect((await wrong(phone, a)).code).toBe('INVALID_CREDENTIALS');
    // Now locked for the rest of the window, whatever the password.
    await elapse(5 * 60);
    const locked = await signIn(phone, DEMO_PASSWORD, a);
    expect(locked.code).toBe('RATE_LIMITED');
    expect(locked.message).toMatch(/через \d+ мин\./);
    await elapse(SIGN_IN_LIMITS.windowMinutes * 60);
    expect((await signIn(phone, DEMO_PASSWORD, a)).code).toBe('OK');
  });

  it('is one address for all of its IPv6 /64, and its own X-Forwarded-For entries do not make it another', async () => {
    const phone = phoneOf('parent');
    const codes: string[] = [];
    for (const host of ['a', 'b', 'c', 'd']) codes.push((await wrong(phone, `2001:db8:5:6::${host}`)).code);
    expect(codes).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'SIGN_IN_DELAYED']);
    expect(clientOf('2001:db8:5:6::a')).toBe(clientOf('2001:0db8:0005:0006:ffff:1:2:3'));
    expect(clientOf('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(clientOf('2001:db8:5:7::a')).not.toBe(clientOf('2001:db8:5:6::a'));

    // Through the trusted proxy: whatever the client puts first, the proxy's last entry counts.
    const student = phoneOf('student');
    const overHttp: string[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${t.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.${i}.1, 198.51.100.44` },
        body: JSON.stringify({ query: SIGN_IN, variables: { p: student, w: 'nope' } }),
      });
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      overHttp.push(body.errors[0]!.extensions.code);
    }
    expect(overHttp).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'SIGN_IN_DELAYED']);
  });
});

describe('guessing from many addresses', () => {
  it('is still bounded per phone: exactly perPhone checked failures, then nobody, and a hammering address does not use them up', async () => {
    const phone = phoneOf('teacher');
    // One address hammers first: it gets its free tries only.
    let checked = 0;
    for (let i = 0; i < 30; i++) if ((await wrong(phone, '198.51.100.1')).code === 'INVALID_CREDENTIALS') checked++;
    expect(checked).toBe(SIGN_IN_LIMITS.freePerPair);
    // Then many addresses, round after round, a minute apart (past each growing delay).
    const addresses = Array.from({ length: 10 }, (_, i) => `203.0.113.${i + 1}`);
    let refused = 0;
    for (let round = 0; round < SIGN_IN_LIMITS.perPair && refused === 0; round++) {
      for (const address of addresses) {
        const { code } = await wrong(phone, address);
        if (code === 'INVALID_CREDENTIALS') checked++;
        else {
          expect(code).toBe('RATE_LIMITED');
          refused++;
        }
      }
      await elapse(61);
    }
    expect(checked).toBe(SIGN_IN_LIMITS.perPhone);
    // The bound holds for everybody, the right password included, until the window moves on.
    expect((await signIn(phone, DEMO_PASSWORD, '192.0.2.200')).code).toBe('RATE_LIMITED');
    await elapse(SIGN_IN_LIMITS.windowMinutes * 60);
    expect((await signIn(phone, DEMO_PASSWORD, '192.0.2.200')).code).toBe('OK');
  });
});
