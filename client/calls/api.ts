/** The calls mutations over HTTP GraphQL (client/shared/graphql.ts, request.ts); the room comes by subscription. */
import { graphql, type VariablesOf } from '../shared/graphql.ts';
import { request } from '../shared/request.ts';
import { callDeviceId } from './device-id.ts';
import type { CallTicket } from './types.ts';

const JOIN = graphql(`
  mutation JoinCall($callId: ID, $linkCode: String, $device: ID) {
    joinCall(callId: $callId, linkCode: $linkCode, device: $device) {
      callId transport participantId iceServers { urls username credential }
      peer { path key token } sfu { path room token }
    }
  }
`);
const LEAVE = graphql(`mutation LeaveCall($callId: ID!, $device: ID) { leaveCall(callId: $callId, device: $device) }`);
const CALL_STATE = graphql(`
  mutation CallState($callId: ID!, $audio: Boolean!, $video: Boolean!, $screen: Boolean!) {
    updateCallState(callId: $callId, audio: $audio, video: $video, screen: $screen)
  }
`);
const SET_HAND = graphql(`mutation SetHand($callId: ID!, $raised: Boolean!, $userId: ID) { setHand(callId: $callId, raised: $raised, userId: $userId) }`);
const MUTE = graphql(`mutation MuteInCall($callId: ID!, $userId: ID) { muteInCall(callId: $callId, userId: $userId) }`);
const REMOVE = graphql(`mutation RemoveFromCall($callId: ID!, $userId: ID!) { removeFromCall(callId: $callId, userId: $userId) }`);
const END = graphql(`mutation EndCall($callId: ID!) { endCall(callId: $callId) }`);
const CHAT = graphql(`
  mutation SendCallChat($callId: ID!, $text: String!, $clientId: ID!) { sendCallChat(callId: $callId, text: $text, clientId: $clientId) }
`);
const CREATE_LINK_CALL = graphql(`
  mutation CreateLinkCall($title: String!, $media: CallMedia!, $audience: CallAudience!) {
    createLinkCall(title: $title, media: $media, audience: $audience)
  }
`);
const REVOKE_LINK = graphql(`mutation RevokeCallLink($callId: ID!) { revokeCallLink(callId: $callId) }`);
const CREATE_LESSON = graphql(`
  mutation CreateOnlineLesson($lessonId: ID!, $studentIds: [ID!], $media: CallMedia) {
    createOnlineLesson(lessonId: $lessonId, studentIds: $studentIds, media: $media)
  }
`);
const PUBLISH_LESSON = graphql(`mutation PublishOnlineLesson($callId: ID!) { publishOnlineLesson(callId: $callId) }`);

export type LinkCallInput = VariablesOf<typeof CREATE_LINK_CALL>;
export type CallMediaChoice = NonNullable<VariablesOf<typeof CREATE_LESSON>['media']>;

export async function joinCall(target: { callId: string } | { linkCode: string }): Promise<CallTicket> {
  const data = await request(JOIN, { ...('callId' in target ? { callId: target.callId } : { linkCode: target.linkCode }), device: callDeviceId() });
  return data.joinCall;
}

export async function leaveCall(callId: string): Promise<void> {
  await request(LEAVE, { callId, device: callDeviceId() });
}

export async function updateCallState(callId: string, flags: { audio: boolean; video: boolean; screen: boolean }): Promise<void> {
  await request(CALL_STATE, { callId, ...flags });
}

/** Raises or lowers this person's hand, or (admin, with userId) lowers someone else's. */
export async function setHand(callId: string, raised: boolean, userId?: string): Promise<void> {
  await request(SET_HAND, { callId, raised, userId: userId ?? null });
}

/** Admin: mutes one person, or everyone but the admin without userId. */
export async function muteInCall(callId: string, userId?: string): Promise<void> {
  await request(MUTE, { callId, userId: userId ?? null });
}

export async function removeFromCall(callId: string, userId: string): Promise<void> {
  await request(REMOVE, { callId, userId });
}

export async function endCall(callId: string): Promise<void> {
  await request(END, { callId });
}

export async function sendCallChat(callId: string, text: string, clientId: string): Promise<void> {
  await request(CHAT, { callId, text, clientId });
}

export async function createLinkCall(input: LinkCallInput): Promise<string> {
  return (await request(CREATE_LINK_CALL, input)).createLinkCall;
}

export async function revokeCallLink(callId: string): Promise<void> {
  await request(REVOKE_LINK, { callId });
}

export async function createOnlineLesson(lessonId: string, studentIds: string[] | null, media: CallMediaChoice = 'VIDEO'): Promise<string> {
  return (await request(CREATE_LESSON, { lessonId, studentIds, media })).createOnlineLesson;
}

export async function publishOnlineLesson(callId: string): Promise<void> {
  await request(PUBLISH_LESSON, { callId });
}

/** A random id for idempotent writes (chat lines). */
export function clientId(): string {
  return `c-${crypto.randomUUID()}`;
}
