import { useEffect, useSyncExternalStore } from 'react';
import { activeCall } from './active-call.ts';
import { ActiveCallView } from './ActiveCallView.tsx';
import type { CallAddress } from './paths.ts';

/** Joins the call the address names and keeps it going (minimised) while the person looks elsewhere. */
export function CallsOverlay({ target, userId }: { target: CallAddress | null; userId: string }) {
  const active = useSyncExternalStore(activeCall.subscribe, activeCall.get);
  const callId = target && 'callId' in target ? target.callId : null;
  const linkCode = target && 'linkCode' in target ? target.linkCode : null;
  useEffect(() => {
    if (callId) activeCall.ensure({ callId });
    else if (linkCode) activeCall.ensure({ linkCode });
  }, [callId, linkCode]);
  // Signing out (this unmounts) leaves the call.
  useEffect(() => () => activeCall.close(), []);
  if (!active) return null;
  return <ActiveCallView key={active.key} active={active} full={target !== null} userId={userId} />;
}
