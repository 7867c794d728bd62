/**
 * The calls screen's reads of the `calls` collection (calls a person may see). Who is in a call
 * right now is not here: the call screen follows the room subscription.
 */
import { useMemo } from 'react';
import type { CallDoc } from '../../sync/index.ts';
import { useLiveQuery, type QueryResult } from '../data/index.ts';
import { sortCalls } from '../shared/call-order.ts';

/** Every call this person takes part in or created («Видеоконференции»). */
export function useMyCalls(): QueryResult<CallDoc> {
  const result = useLiveQuery('calls', { selector: {} }, 'calls:all');
  return useMemo(() => ({ docs: sortCalls(result.docs), ready: result.ready }), [result]);
}

export function useCallDoc(callId: string | null): CallDoc | undefined {
  const { docs } = useLiveQuery('calls', { selector: { id: callId ?? '' } }, `call:${callId ?? ''}`);
  return docs[0];
}
