/**
 * The calls contract as the client uses it (the shapes live in sync/call-protocol.ts), and what
 * this device sends.
 */
import type { CallTransport, IceServer } from '../../sync/index.ts';

export type { CallChatLine, CallCommand, CallParticipant, CallRoom, CallTicket, IceServer } from '../../sync/index.ts';
export type Transport = CallTransport;

/** What this device sends now. */
export interface LocalFlags {
  audio: boolean;
  video: boolean;
  screen: boolean;
}

/** RTCIceServer for the browser from the ticket's (GraphQL nulls dropped). */
export function toRtcIceServers(servers: readonly IceServer[]): RTCIceServer[] {
  return servers.map((s) => ({
    urls: s.urls,
    ...(s.username ? { username: s.username } : {}),
    ...(s.credential ? { credential: s.credential } : {}),
  }));
}
