/**
 * The calls contract as the client sees it: what joinCall hands out and what the callRoom
 * subscription sends (see the GraphQL schema in api/calls/schema.ts).
 */
export type Transport = 'mesh' | 'sfu';

export interface IceServer {
  urls: string[];
  username?: string | null;
  credential?: string | null;
}

export interface CallTicket {
  callId: string;
  transport: Transport;
  /** Also this device's PeerJS peer id in a mesh call, and its Janus `display` in an SFU room. */
  participantId: string;
  iceServers: IceServer[];
  peer: { path: string; key: string; token: string } | null;
  sfu: { path: string; room: number; token: string } | null;
}

export interface CallParticipant {
  participantId: string;
  userId: string;
  name: string;
  isAdmin: boolean;
  audio: boolean;
  video: boolean;
  screen: boolean;
  handRaised: boolean;
}

export interface CallChatLine {
  id: string;
  authorId: string;
  name: string;
  text: string;
  at: number;
}

/** A command the server directs at this subscriber. */
export type CallCommand = 'MUTE' | 'REMOVED';

export interface CallRoom {
  callId: string;
  transport: Transport;
  ended: boolean;
  participants: CallParticipant[];
  chat: CallChatLine[];
  command: CallCommand | null;
}

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
