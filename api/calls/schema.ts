import type { CallMediaKind } from '../../sync/index.ts';
import type { RequestContext } from '../http/context.ts';
import { joinCall, leaveCall } from './join.ts';
import { createOnlineLesson, publishOnlineLesson } from './lessons.ts';
import { createLinkCall, revokeCallLink } from './link-calls.ts';
import { endCall, muteInCall, removeFromCall, sendCallChat, setHand, updateCallState } from './moderation.ts';
import { callRoomSubscription } from './room.ts';

export const callsTypeDefs = /* GraphQL */ `
enum CallMedia { AUDIO VIDEO }
enum CallAudience { SCHOOL LINK }
enum CallCommand { MUTE REMOVED MOVED }
type IceServer { urls: [String!]! username: String credential: String }
type PeerTicket { path: String! key: String! token: String! }
"path: the WebSocket proxy to Janus on the API's origin; join the VideoRoom with display = participantId."
type SfuTicket { path: String! room: Float! token: String! }
type CallTicket {
  callId: ID!
  transport: CallTransport!
  "Also my PeerJS peer id in a mesh call."
  participantId: ID!
  iceServers: [IceServer!]!
  peer: PeerTicket
  sfu: SfuTicket
}
type CallParticipant {
  participantId: ID! userId: ID! name: String! isAdmin: Boolean!
  audio: Boolean! video: Boolean! screen: Boolean! handRaised: Boolean!
}
type CallChatLine { id: ID! authorId: ID! name: String! text: String! at: Float! }
"The whole live state of a call, sent on every change."
type CallRoom {
  callId: ID!
  transport: CallTransport!
  ended: Boolean!
  participants: [CallParticipant!]!
  chat: [CallChatLine!]!
  "Directed at the subscriber: MUTE (the admin muted you), REMOVED (the admin removed you)."
  command: CallCommand
}
extend type Mutation {
  "A draft online lesson for a diary lesson (its teacher); students: the whole class by default."
  createOnlineLesson(lessonId: ID!, studentIds: [ID!], media: CallMedia): ID!
  "Opens the lesson's SFU room and shows the lesson to its students."
  publishOnlineLesson(callId: ID!): Boolean!
  "schoolId: which of the starter's schools the call belongs to (default: their first)."
  createLinkCall(title: String!, media: CallMedia!, audience: CallAudience!, schoolId: ID): ID!
  "A new link; the old one stops working."
  revokeCallLink(callId: ID!): Boolean!
  "device: this tab's own id. Joining from another device than the one in the call moves the person here."
  joinCall(callId: ID, linkCode: String, device: ID): CallTicket!
  "device: leave only if the presence is this tab's (not after the person moved to another device)."
  leaveCall(callId: ID!, device: ID): Boolean!
  updateCallState(callId: ID!, audio: Boolean!, video: Boolean!, screen: Boolean!): Boolean!
  "userId: the admin lowers someone's hand."
  setHand(callId: ID!, raised: Boolean!, userId: ID): Boolean!
  "The admin; without userId: everyone but the admin."
  muteInCall(callId: ID!, userId: ID): Boolean!
  removeFromCall(callId: ID!, userId: ID!): Boolean!
  "The admin ends the call for everyone."
  endCall(callId: ID!): Boolean!
  "Idempotent on clientId."
  sendCallChat(callId: ID!, text: String!, clientId: ID!): Boolean!
}
extend type Subscription {
  "device: the tab whose presence this stream vouches for (and which is told MOVED when the person moves)."
  callRoom(callId: ID!, device: ID): CallRoom!
}
`;

type Media = 'AUDIO' | 'VIDEO';
const media = (m: Media): CallMediaKind => (m === 'AUDIO' ? 'audio' : 'video');

export const callsResolvers = {
  Mutation: {
    createOnlineLesson: (_: unknown, a: { lessonId: string; studentIds?: string[] | null; media?: Media | null }, ctx: RequestContext) =>
      createOnlineLesson(ctx, { lessonId: a.lessonId, studentIds: a.studentIds ?? null, media: a.media ? media(a.media) : null }),
    publishOnlineLesson: (_: unknown, a: { callId: string }, ctx: RequestContext) => publishOnlineLesson(ctx, a.callId),
    createLinkCall: (_: unknown, a: { title: string; media: Media; audience: 'SCHOOL' | 'LINK'; schoolId?: string | null }, ctx: RequestContext) =>
      createLinkCall(ctx, { title: a.title, media: media(a.media), audience: a.audience === 'SCHOOL' ? 'school' : 'link', schoolId: a.schoolId ?? null }),
    revokeCallLink: (_: unknown, a: { callId: string }, ctx: RequestContext) => revokeCallLink(ctx, a.callId),
    joinCall: (_: unknown, a: { callId?: string | null; linkCode?: string | null; device?: string | null }, ctx: RequestContext) => joinCall(ctx, a),
    leaveCall: (_: unknown, a: { callId: string; device?: string | null }, ctx: RequestContext) => leaveCall(ctx, a.callId, a.device ?? null),
    updateCallState: (_: unknown, a: { callId: string; audio: boolean; video: boolean; screen: boolean }, ctx: RequestContext) =>
      updateCallState(ctx, a),
    setHand: (_: unknown, a: { callId: string; raised: boolean; userId?: string | null }, ctx: RequestContext) => setHand(ctx, a),
    muteInCall: (_: unknown, a: { callId: string; userId?: string | null }, ctx: RequestContext) => muteInCall(ctx, a),
    removeFromCall: (_: unknown, a: { callId: string; userId: string }, ctx: RequestContext) => removeFromCall(ctx, a),
    endCall: (_: unknown, a: { callId: string }, ctx: RequestContext) => endCall(ctx, a.callId),
    sendCallChat: (_: unknown, a: { callId: string; text: string; clientId: string }, ctx: RequestContext) => sendCallChat(ctx, a),
  },
  Subscription: {
    callRoom: {
      subscribe: (_: unknown, a: { callId: string; device?: string | null }, ctx: RequestContext) =>
        callRoomSubscription(ctx, a.callId, a.device ?? null),
    },
  },
};
