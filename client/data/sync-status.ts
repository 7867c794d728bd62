import { createStore, type Store } from '../shared/store.ts';

/** What the UI shows about sync: the offline banner, «last synced at». */
export interface SyncStatus {
  /** The server answered the last request (and the browser thinks it is online). */
  online: boolean;
  /** A pull or push is under way. */
  syncing: boolean;
  /** Epoch ms of the last pull the server answered, kept across restarts. */
  lastSyncedAt: number | null;
  /** The server no longer accepts this device's session. */
  sessionExpired: boolean;
}

const lastSyncKey = (userId: string): string => `parta.lastSync.${userId}`;

export function createSyncStatus(userId: string): Store<SyncStatus> & { markSynced(at: number): void } {
  const saved = Number(localStorage.getItem(lastSyncKey(userId)));
  const store = createStore<SyncStatus>({
    online: navigator.onLine,
    syncing: false,
    lastSyncedAt: saved > 0 ? saved : null,
    sessionExpired: false,
  });
  return {
    ...store,
    markSynced(at) {
      localStorage.setItem(lastSyncKey(userId), String(at));
      store.update((s) => ({ ...s, online: true, lastSyncedAt: at }));
    },
  };
}

export function forgetSyncStatus(userId: string): void {
  localStorage.removeItem(lastSyncKey(userId));
}
