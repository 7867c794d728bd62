import type { Queryable } from '../db/database.ts';

/**
 * Sign-in attempts allowed within the window, per key. The (address, phone) pair is the tight one:
 * a stranger guessing at one account. The per-phone limit is looser so that guessing from many
 * addresses is still bounded without letting anyone lock a teacher out with five tries; the
 * per-address limit is loose because a whole school may share one address (NAT, proxy).
 */
export const SIGN_IN_LIMITS = { windowMinutes: 15, perPair: 5, perPhone: 20, perAddress: 200 } as const;

interface Keys {
  phone: string;
  pair: string;
  address: string;
}

function keysOf(phone: string, address: string): Keys {
  return { phone: `phone:${phone}`, pair: `pair:${address}|${phone}`, address: `addr:${address}` };
}

function limitOf(key: string): number {
  if (key.startsWith('pair:')) return SIGN_IN_LIMITS.perPair;
  if (key.startsWith('phone:')) return SIGN_IN_LIMITS.perPhone;
  return SIGN_IN_LIMITS.perAddress;
}

export interface Attempt {
  phone: string;
  address: string;
  ids: string[];
  /** Minutes until a new attempt is allowed, or 0 when this one may proceed. */
  waitMinutes: number;
}

/**
 * Records the attempt first, then counts: parallel attempts each see the ones before them, so no
 * burst gets past the limit while passwords are being checked.
 */
export async function beginAttempt(db: Queryable, phone: string, address: string): Promise<Attempt> {
  const keys = keysOf(phone, address);
  const inserted = await db.query<{ id: string | number }>('INSERT INTO sign_in_failures (key) VALUES ($1), ($2), ($3) RETURNING id', [
    keys.phone,
    keys.pair,
    keys.address,
  ]);
  const rows = await db.query<{ key: string; n: number | string; wait: number | string }>(
    `SELECT key, count(*) AS n, EXTRACT(EPOCH FROM (min(at) + make_interval(mins => $2) - now())) AS wait
       FROM sign_in_failures
      WHERE key = ANY($1::text[]) AND at > now() - make_interval(mins => $2)
      GROUP BY key`,
    [[keys.phone, keys.pair, keys.address], SIGN_IN_LIMITS.windowMinutes],
  );
  let waitMinutes = 0;
  for (const row of rows) {
    if (Number(row.n) > limitOf(row.key)) waitMinutes = Math.max(waitMinutes, Math.max(1, Math.ceil(Number(row.wait) / 60)));
  }
  return { phone, address, ids: inserted.map((r) => String(r.id)), waitMinutes };
}

/** The password was right: forget this account's failures and this attempt. */
export async function attemptSucceeded(db: Queryable, attempt: Attempt): Promise<void> {
  const keys = keysOf(attempt.phone, attempt.address);
  await db.query('DELETE FROM sign_in_failures WHERE key = ANY($1::text[]) OR id = ANY($2::bigint[])', [[keys.phone, keys.pair], attempt.ids]);
}

/** Keeps the table small: attempts older than the window no longer count. */
export async function forgetOldAttempts(db: Queryable): Promise<void> {
  await db.query('DELETE FROM sign_in_failures WHERE at < now() - make_interval(mins => $1)', [SIGN_IN_LIMITS.windowMinutes]);
}
