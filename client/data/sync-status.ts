import { createStore, type Store } from '../shared/store.ts';

/**
 * What the UI shows about sync: online/offline, syncing, writes waiting to be sent, writes that need
 * the person (refused, in conflict), when the device last heard from the server, the last error.
 */
export interface SyncStatus {
  /** The server answered the last request (and the browser thinks it is online). */
  online: boolean;
  /** A pull or push is under way. */
  syncing: boolean;
  /** Epoch ms of the last pull the server answered, kept across restarts. */
  lastSyncedAt: number | null;
  /** The server no longer accepts this device's session. */
  sessionExpired: boolean;
  /** Local writes the server has not confirmed yet. */
  pendingWrites: number;
  /** Writes the server refused or that met someone else's change: they wait for the person. */
  needsAttention: number;
  /** Code of the last failed sync request (NETWORK when no answer came), cleared by the next success. */
  lastError: string | null;
}

const lastSyncKey = (userId: string): string => `parta.lastSync.${userId}`;

export function createSyncStatus(userId: string): Store<SyncStatus> & { markSynced(at: number): void } {
  const saved = Number(localStorage.getItem(lastSyncKey(userId)));
  const store = createStore<SyncStatus>({
    online: navigator.onLine,
    syncing: false,
    lastSyncedAt: saved > 0 ? saved : null,
    sessionExpired: false,
    pendingWrites: 0,
    needsAttention: 0,
    lastError: null,
  });
  return {
    ...store,
    markSynced(at) {
      localStorage.setItem(lastSyncKey(userId), String(at));
      store.update((s) => ({ ...s, online: true, lastSyncedAt: at, lastError: null }));
    },
  };
}

export function forgetSyncStatus(userId: string): void {
  localStorage.removeItem(lastSyncKey(userId));
}
