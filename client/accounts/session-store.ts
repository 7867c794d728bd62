import type { SessionInfo } from '../../sync/index.ts';

/**
 * Who is signed in on this device, kept so the app opens their diary with no network.
 * Nothing secret: the session token itself is an HttpOnly cookie the page cannot read.
 */
const KEY = 'parta.session';

export function loadStoredSession(): SessionInfo | null {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? 'null') as SessionInfo | null;
    return value && typeof value.userId === 'string' ? value : null;
  } catch {
    return null;
  }
}

export function storeSession(session: SessionInfo): void {
  localStorage.setItem(KEY, JSON.stringify(session));
}

export function clearStoredSession(): void {
  localStorage.removeItem(KEY);
}

/** Whose session this tab shows changed in another tab (sign-out, or someone else signed in). */
export function onStoredSessionChange(listener: (userId: string | null) => void): () => void {
  const handler = (event: StorageEvent): void => {
    if (event.key === KEY || event.key === null) listener(loadStoredSession()?.userId ?? null);
  };
  window.addEventListener('storage', handler);
  return () => window.removeEventListener('storage', handler);
}

/**
 * A sign-out made offline could not end the session on the server, and its cookie is still in
 * this browser: end it as soon as the server is reachable (a shared kiosk must not keep it).
 */
const PENDING_SIGN_OUT = 'parta.pendingSignOut';

export function markPendingSignOut(): void {
  localStorage.setItem(PENDING_SIGN_OUT, '1');
}

export function hasPendingSignOut(): boolean {
  return localStorage.getItem(PENDING_SIGN_OUT) === '1';
}

/** A new sign-in replaced the cookie: there is nothing left to end. */
export function clearPendingSignOut(): void {
  localStorage.removeItem(PENDING_SIGN_OUT);
}
