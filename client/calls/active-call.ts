/**
 * The call this tab is in, kept outside React so that leaving the call screen (minimise, a look
 * at the diary) does not leave the call: the screen and the minimised window both show it.
 */
import { navigate } from '../shared/navigation.ts';
import { createStore } from '../shared/store.ts';
import { createCallSession, type CallSession, type CallTarget } from './call-session.ts';
import { callPath, joinPath } from './paths.ts';

export interface ActiveCall {
  key: number;
  target: CallTarget;
  /** Known from the start for /calls/<id>, after the join for /calls/join/<code>. */
  callId: string | null;
  session: CallSession;
}

const store = createStore<ActiveCall | null>(null);
let keys = 0;

export const activeCall = {
  get: store.get,
  subscribe: store.subscribe,
  /** Makes `target` the active call (joining it) unless it already is. */
  ensure(target: CallTarget, options: { audioCall?: boolean } = {}): void {
    const current = store.get();
    if (current && matches(current, target)) return;
    void current?.session.leave();
    const key = ++keys;
    const session = createCallSession(target, {
      ...options,
      onJoined(callId) {
        const now = store.get();
        if (now?.key === key) store.set({ ...now, callId });
        // The join link becomes the call's own address (a reload rejoins by id, the code stays private).
        if ('linkCode' in target && location.pathname === joinPath(target.linkCode)) navigate(callPath(callId), { replace: true, state: history.state });
      },
    });
    store.set({ key, target, callId: 'callId' in target ? target.callId : null, session });
    void session.start();
  },
  /** Leaves (if still in it) and forgets the call. */
  close(): void {
    const current = store.get();
    if (!current) return;
    store.set(null);
    void current.session.leave();
  },
};

function matches(active: ActiveCall, target: CallTarget): boolean {
  if ('callId' in target) return active.callId === target.callId || ('callId' in active.target && active.target.callId === target.callId);
  return 'linkCode' in active.target && active.target.linkCode === target.linkCode;
}
