import { lazy, Suspense, useState } from 'react';
import { useRoute, type AppRoute } from '../shared/navigation.ts';
import { CALL_ROUTE, CALLS_ROUTES, JOIN_ROUTE } from './paths.ts';

// Calls are their own chunk (PeerJS and Janus in further chunks still), fetched when first needed.
const calls = () => import('./lazy.ts');
const CallsOverlay = lazy(() => calls().then((m) => ({ default: m.CallsOverlay })));
const CallsScreen = lazy(() => calls().then((m) => ({ default: m.CallsScreen })));

/** The calls' addresses (see paths.ts). A call's own address shows nothing here: CallsLayer shows the call. */
export const callsRoutes: AppRoute[] = CALLS_ROUTES.map((route) => ({
  path: route.path,
  render: (params) => (route.place(params).view === 'list' ? <CallsScreen /> : null),
}));

/**
 * Mounted across the whole signed-in app: the call the address names, full screen; once a call was
 * opened it stays mounted, so the call goes on, minimised, wherever the person goes next.
 */
export function CallsLayer({ userId }: { userId: string }) {
  const [isJoin, joinParams] = useRoute(JOIN_ROUTE.path);
  const [isCall, callParams] = useRoute(CALL_ROUTE.path);
  const place = isJoin ? JOIN_ROUTE.place(joinParams) : isCall ? CALL_ROUTE.place(callParams) : null;
  const target = place?.view === 'call' ? place.call : null;
  const [used, setUsed] = useState(false);
  if (target && !used) setUsed(true);
  if (!used) return null;
  return (
    <Suspense fallback={null}>
      <CallsOverlay target={target} userId={userId} />
    </Suspense>
  );
}
