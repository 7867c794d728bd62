/**
 * The calls' addresses: `/calls` (the list), `/calls/<callId>` (a call, full screen) and
 * `/calls/join/<linkCode>` (a join link, which becomes the call's own address once joined).
 */
import { callPath, param, segment, type PlaceRoute } from '../shared/navigation.ts';

export { callPath };

/** A call the address names: by id, or by the code of a join link. */
export type CallAddress = { callId: string } | { linkCode: string };
export type CallsPlace = { view: 'list' } | { view: 'call'; call: CallAddress };

export const CALLS_PATH = '/calls';
export const joinPath = (linkCode: string): string => `${CALLS_PATH}/join/${segment(linkCode)}`;

const LIST_ROUTE: PlaceRoute<CallsPlace> = { path: CALLS_PATH, place: () => ({ view: 'list' }) };
// `/calls/join/<code>` has two segments, so it never reads as a call whose id is «join».
export const JOIN_ROUTE: PlaceRoute<CallsPlace> = { path: `${CALLS_PATH}/join/:linkCode`, place: (p) => ({ view: 'call', call: { linkCode: param(p, 'linkCode') } }) };
export const CALL_ROUTE: PlaceRoute<CallsPlace> = { path: `${CALLS_PATH}/:callId`, place: (p) => ({ view: 'call', call: { callId: param(p, 'callId') } }) };
export const CALLS_ROUTES: readonly PlaceRoute<CallsPlace>[] = [LIST_ROUTE, JOIN_ROUTE, CALL_ROUTE];
