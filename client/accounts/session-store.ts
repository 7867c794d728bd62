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
