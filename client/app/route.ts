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
