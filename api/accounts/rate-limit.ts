import type { Queryable } from '../db/database.ts';

/** Failed sign-ins allowed per phone and per client address within the window. */
export const SIGN_IN_LIMITS = { windowMinutes: 15, perPhone: 5, perAddress: 50 } as const;

export const phoneKey = (phone: string): string => `phone:${phone}`;
export const addressKey = (address: string): string => `addr:${address}`;

/** Minutes until the next attempt is allowed, or 0 when it is allowed now. */
export async function minutesUntilAllowed(db: Queryable, phone: string, address: string): Promise<number> {
  const rows = await db.query<{ key: string; n: number | string; oldest: number | string }>(
    `SELECT key, count(*) AS n,
            EXTRACT(EPOCH FROM (min(at) + make_interval(mins => $2) - now())) AS oldest
       FROM sign_in_failures
      WHERE key = ANY($1::text[]) AND at > now() - make_interval(mins => $2)
      GROUP BY key`,
    [[phoneKey(phone), addressKey(address)], SIGN_IN_LIMITS.windowMinutes],
  );
  let wait = 0;
  for (const row of rows) {
    const limit = row.key.startsWith('phone:') ? SIGN_IN_LIMITS.perPhone : SIGN_IN_LIMITS.perAddress;
    if (Number(row.n) >= limit) wait = Math.max(wait, Math.ceil(Number(row.oldest) / 60));
  }
  return wait;
}

export async function recordFailure(db: Queryable, phone: string, address: string): Promise<void> {
  await db.query('INSERT INTO sign_in_failures (key) VALUES ($1), ($2)', [phoneKey(phone), addressKey(address)]);
  // Keep the table small: forget failures older than the window.
  await db.query(`DELETE FROM sign_in_failures WHERE at < now() - make_interval(mins => $1)`, [
    SIGN_IN_LIMITS.windowMinutes,
  ]);
}

export async function clearFailures(db: Queryable, phone: string): Promise<void> {
  await db.query('DELETE FROM sign_in_failures WHERE key = $1', [phoneKey(phone)]);
}
