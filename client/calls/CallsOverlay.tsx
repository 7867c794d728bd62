import { useEffect, useSyncExternalStore } from 'react';
import type { Screen } from '../app/route.ts';
import { activeCall } from './active-call.ts';
import { ActiveCallView } from './ActiveCallView.tsx';

/** Joins the call the address names and keeps it going (minimised) while the person looks elsewhere. */
export function CallsOverlay({ screen, userId }: { screen: Screen; userId: string }) {
  const active = useSyncExternalStore(activeCall.subscribe, activeCall.get);
  const target = screen.name === 'call' ? screen.callId : screen.name === 'join' ? screen.linkCode : null;
  useEffect(() => {
    if (screen.name === 'call') activeCall.ensure({ callId: screen.callId });
    else if (screen.name === 'join') activeCall.ensure({ linkCode: screen.linkCode });
    // `target` names the screen's call; the screen object itself is new on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [screen.name, target]);
  // Signing out (this unmounts) leaves the call.
  useEffect(() => () => activeCall.close(), []);
  if (!active) return null;
  return <ActiveCallView key={active.key} active={active} full={target !== null} userId={userId} />;
}
