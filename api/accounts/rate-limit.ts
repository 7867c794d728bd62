import { isIPv4, isIPv6 } from 'node:net';
import type { Queryable } from '../db/database.ts';

/**
 * Sign-in limits, per window, counting only attempts whose password was CHECKED: an attempt the
 * limiter refuses is not stored, so hammering a locked account does not keep it locked.
 *
 * - (address, phone) — a stranger guessing at one account: the first `freePerPair` failures are
 *   free, then each further try must wait longer (`pairDelaySeconds`), and after `perPair` this
 *   address may not try this phone until the window frees up.
 * - phone — guesses from many addresses: at most `perPhone` checked failures, then nobody may try
 *   (brute force stays bounded however many addresses an attacker has). One address cannot fill
 *   it: its share is its (address, phone) count, which stops at `perPair` < `perPhone`, so locking
 *   a person out takes `perPhone / perPair` addresses failing in the same window.
 * - address — one address trying many phones (password spraying); loose, as a whole school may
 *   share one address (NAT, or a proxy without PARTA_TRUST_PROXY=1).
 *
 * An IPv6 «address» is its /64: one phone or household gets a whole /64 and could otherwise
 * pose as any number of addresses.
 */
export const SIGN_IN_LIMITS = { windowMinutes: 15, freePerPair: 3, perPair: 5, perPhone: 20, perAddress: 200 } as const;

/** Seconds to wait after the last failure, given this many failures of the (address, phone) pair. */
export function pairDelaySeconds(failures: number): number {
  return failures < SIGN_IN_LIMITS.freePerPair ? 0 : 15 * 4 ** (failures - SIGN_IN_LIMITS.freePerPair);
}

/** The client an address stands for: an IPv4 address (IPv4-mapped IPv6 too) or an IPv6 /64. */
export function clientOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  const plain = address.split('%')[0]!; // a zone (fe80::1%eth0) is not part of the address
  if (!isIPv6(plain)) return address;
  const [head = '', tail] = plain.split('::');
  const groupsOf = (part: string): string[] => (part ? part.split(':') : []);
  const tailGroups = groupsOf(tail ?? '');
  // An embedded IPv4 (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) takes two groups, all in the last 64 bits.
  const tailSize = tailGroups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const groups = [...groupsOf(head), ...Array<string>(tail === undefined ? 0 : 8 - groupsOf(head).length - tailSize).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

interface Keys {
  phone: string;
  pair: string;
  address: string;
}

function keysOf(phone: string, address: string): Keys {
  const client = clientOf(address);
  return { phone: `phone:${phone}`, pair: `pair:${client}|${phone}`, address: `addr:${client}` };
}

function limitOf(key: string): number {
  if (key.startsWith('pair:')) return SIGN_IN_LIMITS.perPair;
  if (key.startsWith('phone:')) return SIGN_IN_LIMITS.perPhone;
  return SIGN_IN_LIMITS.perAddress;
}

/** Why an attempt may not check its password now: locked for minutes, or slowed for seconds. */
export type Refusal = { locked: true; minutes: number } | { locked: false; seconds: number };

export interface Attempt {
  phone: string;
  address: string;
  ids: string[];
  /** Null when the password may be checked. */
  refusal: Refusal | null;
}

/**
 * Records the attempt first, then counts: parallel attempts each see the ones before them, so no
 * burst gets past a limit or a delay while passwords are being checked. A refused attempt takes
 * its records back at once: only checked attempts count.
 */
export async function beginAttempt(db: Queryable, phone: string, address: string): Promise<Attempt> {
  const keys = keysOf(phone, address);
  const inserted = await db.query<{ id: string | number }>('INSERT INTO sign_in_failures (key) VALUES ($1), ($2), ($3) RETURNING id', [
    keys.phone,
    keys.pair,
    keys.address,
  ]);
  const ids = inserted.map((r) => String(r.id));
  const rows = await db.query<{ key: string; n: number | string; locked_for: number | string; since_last: number | string | null }>(
    `SELECT key, count(*) AS n,
            EXTRACT(EPOCH FROM (min(at) + make_interval(mins => $2) - now())) AS locked_for,
            EXTRACT(EPOCH FROM (now() - max(at) FILTER (WHERE id <> ALL($3::bigint[])))) AS since_last
       FROM sign_in_failures
      WHERE key = ANY($1::text[]) AND at > now() - make_interval(mins => $2)
      GROUP BY key`,
    [[keys.phone, keys.pair, keys.address], SIGN_IN_LIMITS.windowMinutes, ids],
  );
  // Seconds until the oldest counted failure leaves the window, for a key over its limit.
  let lockedFor: number | null = null;
  let slowedFor = 0;
  for (const row of rows) {
    const n = Number(row.n);
    if (n > limitOf(row.key)) lockedFor = Math.max(lockedFor ?? 0, Number(row.locked_for));
    // The pair's failures before this one (and tries still being checked): each makes the next wait longer.
    if (row.key === keys.pair && row.since_last !== null) slowedFor = pairDelaySeconds(n - 1) - Number(row.since_last);
  }
  const refusal: Refusal | null =
    lockedFor !== null
      ? { locked: true, minutes: Math.max(1, Math.ceil(lockedFor / 60)) }
      : slowedFor > 0
        ? { locked: false, seconds: Math.ceil(slowedFor) }
        : null;
  if (refusal) await db.query('DELETE FROM sign_in_failures WHERE id = ANY($1::bigint[])', [ids]);
  return { phone, address, ids, refusal };
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
