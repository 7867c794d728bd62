import { useSyncExternalStore } from 'react';

/**
 * The diary's place in the URL (`?child=…&week=2026-11-16&subject=…`), so reload, back and a
 * shared link land where the person was. Small enough not to need a router library.
 */
export interface Route {
  child: string | null;
  /** `grades`: the term's grades by subject; otherwise the week. */
  view: string | null;
  week: string | null;
  subject: string | null;
}

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRoute(): Route {
  const search = useSyncExternalStore(subscribe, () => location.search);
  const params = new URLSearchParams(search);
  return { child: params.get('child'), view: params.get('view'), week: params.get('week'), subject: params.get('subject') };
}

export function navigate(next: Partial<Route>): void {
  const params = new URLSearchParams(location.search);
  for (const [key, value] of Object.entries(next)) {
    if (value) params.set(key, value);
    else params.delete(key);
  }
  const query = params.toString();
  history.pushState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
  listeners.forEach((l) => l());
}

/**
 * Screens outside the diary live in the hash, so the diary's query stays as it was:
 * `#/call/<id>`, `#/join/<linkCode>`, `#/calls` (video conferences), `#/online-lessons`.
 */
export type Screen =
  | { name: 'diary' }
  | { name: 'call'; callId: string }
  | { name: 'join'; linkCode: string }
  | { name: 'calls' }
  | { name: 'online-lessons' };

export function parseScreen(hash: string): Screen {
  const [, first, second] = hash.replace(/^#/, '').split('/');
  const id = second ? decodeURIComponent(second) : '';
  if (first === 'call' && id) return { name: 'call', callId: id };
  if (first === 'join' && id) return { name: 'join', linkCode: id };
  if (first === 'calls') return { name: 'calls' };
  if (first === 'online-lessons') return { name: 'online-lessons' };
  return { name: 'diary' };
}

const hashListeners = new Set<() => void>();
window.addEventListener('hashchange', () => hashListeners.forEach((l) => l()));
// Back and forward between pushed entries fire popstate, not hashchange.
window.addEventListener('popstate', () => hashListeners.forEach((l) => l()));

export function useScreen(): Screen {
  const hash = useSyncExternalStore(
    (listener) => {
      hashListeners.add(listener);
      return () => hashListeners.delete(listener);
    },
    () => location.hash,
  );
  return parseScreen(hash);
}

export function screenHash(screen: Screen): string {
  switch (screen.name) {
    case 'call':
      return `#/call/${encodeURIComponent(screen.callId)}`;
    case 'join':
      return `#/join/${encodeURIComponent(screen.linkCode)}`;
    case 'calls':
      return '#/calls';
    case 'online-lessons':
      return '#/online-lessons';
    default:
      return '';
  }
}

export function openScreen(screen: Screen): void {
  const hash = screenHash(screen);
  history.pushState(null, '', `${location.pathname}${location.search}${hash}`);
  hashListeners.forEach((l) => l());
}
