import { Workbox } from 'workbox-window';
import { createStore } from '../shared/store.ts';

/** True once a new version of the app is installed and waiting for the person to switch to it. */
export const updateReady = createStore(false);
let workbox: Workbox | null = null;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  workbox = new Workbox('/sw.js', { scope: '/' });
  workbox.addEventListener('waiting', () => updateReady.set(true));
  // Once the new worker takes over, reload so page and worker are the same version.
  workbox.addEventListener('controlling', (event) => {
    if (event.isUpdate) location.reload();
  });
  void workbox.register();
}

export function applyUpdate(): void {
  workbox?.messageSkipWaiting();
}
