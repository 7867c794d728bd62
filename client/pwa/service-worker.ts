import { Workbox } from 'workbox-window';
import { createStore } from '../shared/store.ts';

/** True once a new version of the app is installed and waiting for the person to switch to it. */
export const updateReady = createStore(false);
let workbox: Workbox | null = null;

const UPDATE_CHECK_MS = 60 * 60 * 1000;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  workbox = new Workbox('/sw.js', { scope: '/' });
  // Fires for an update found at start and for one found later while the app stays open
  // (workbox-window calls the latter «external»); both wait for the person's word.
  workbox.addEventListener('waiting', () => updateReady.set(true));
  void workbox.register();
  // A school phone may keep the app open for days: look for a new version now and then.
  setInterval(() => void workbox?.update(), UPDATE_CHECK_MS);
}

export function applyUpdate(): void {
  // Reload once the new worker controls the page, so page and worker are the same version.
  // (workbox-window's own «controlling» event is not sent for updates it deems external.)
  navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
  workbox?.messageSkipWaiting();
}
