/**
 * The calls contract both sides share: what joinCall hands out and what the callRoom subscription
 * sends (the GraphQL types in api/calls/schema.ts have these shapes).
 */
import type { CallTransport } from './collections/calls.ts';

/** A STUN/TURN server as RTCPeerConnection takes it (GraphQL sends absent credentials as null). */
export interface IceServer {
  urls: string[];
  username?: string | null;
  credential?: string | null;
}

export interface CallTicket {
  callId: string;
  transport: CallTransport;
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

/**
 * A command the server directs at one subscriber: the admin muted them, or removed them, or the
 * person joined the call from another device (this one leaves it).
 */
export type CallCommand = 'MUTE' | 'REMOVED' | 'MOVED';

/** The whole live state of a call, sent on every change. */
export interface CallRoom {
  callId: string;
  transport: CallTransport;
  ended: boolean;
  participants: CallParticipant[];
  chat: CallChatLine[];
  command: CallCommand | null;
}
