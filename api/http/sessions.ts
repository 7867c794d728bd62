import { createHash, randomBytes } from 'node:crypto';
import { SESSION_COOKIE } from '../../sync/index.ts';
import type { Queryable } from '../db/database.ts';

const SESSION_DAYS = 180;

/** Sessions are opaque random tokens; the database keeps only their hash, so a leaked table signs no one in. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: Queryable, userId: string, userAgent: string | null): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.query(
    `INSERT INTO sessions (token_hash, user_id, user_agent, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(days => $4))`,
    [hashToken(token), userId, userAgent?.slice(0, 300) ?? null, SESSION_DAYS],
  );
  return token;
}

export interface SessionUser {
  userId: string;
  tokenHash: string;
}

/** The hash of a presented token; null for none, or for one too long to be ours (not worth hashing). */
function presentedHash(token: string | undefined): string | null {
  return token && token.length <= 100 ? hashToken(token) : null;
}

export async function findSession(db: Queryable, token: string | undefined): Promise<SessionUser | null> {
  const tokenHash = presentedHash(token);
  return tokenHash ? findSessionByHash(db, tokenHash) : null;
}

/** The hash of the session token a Cookie header carries, valid or not (for sockets to watch it end). */
export function sessionHashOfCookie(cookieHeader: string | null | undefined): string | null {
  return presentedHash(readCookie(cookieHeader, SESSION_COOKIE));
}

/** The session a token hash names, if it is still valid (signed out and expired ones are not). */
export async function findSessionByHash(db: Queryable, tokenHash: string): Promise<SessionUser | null> {
  const rows = await db.query<{ user_id: string }>(
    'SELECT user_id FROM sessions WHERE token_hash = $1 AND expires_at > now()',
    [tokenHash],
  );
  const row = rows[0];
  return row ? { userId: row.user_id, tokenHash } : null;
}

export async function revokeSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

export interface CookieOptions {
  /** Secure is set except on plain-http loopback (development), where browsers would drop it. */
  secure: boolean;
}

export function sessionCookie(token: string, { secure }: CookieOptions): string {
  const maxAge = SESSION_DAYS * 24 * 3600;
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie({ secure }: CookieOptions): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}

export function readCookie(header: string | null | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined; // a mangled cookie is no cookie, not a failed request
      }
    }
  }
  return undefined;
}
