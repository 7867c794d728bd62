/** The calls mutations over HTTP GraphQL (like client/accounts/api.ts); the room comes by subscription. */
import { gql } from '../accounts/api.ts';
import { callDeviceId } from './device-id.ts';
import type { CallTicket } from './types.ts';

const TICKET = `callId transport participantId iceServers { urls username credential }
  peer { path key token } sfu { path room token }`;

export async function joinCall(target: { callId: string } | { linkCode: string }): Promise<CallTicket> {
  const data = await gql<{ joinCall: CallTicket }>(
    `mutation JoinCall($callId: ID, $linkCode: String, $device: ID) { joinCall(callId: $callId, linkCode: $linkCode, device: $device) { ${TICKET} } }`,
    { ...('callId' in target ? { callId: target.callId } : { linkCode: target.linkCode }), device: callDeviceId() },
  );
  return data.joinCall;
}

export async function leaveCall(callId: string): Promise<void> {
  await gql('mutation LeaveCall($callId: ID!, $device: ID) { leaveCall(callId: $callId, device: $device) }', { callId, device: callDeviceId() });
}

export async function updateCallState(callId: string, flags: { audio: boolean; video: boolean; screen: boolean }): Promise<void> {
  await gql('mutation CallState($callId: ID!, $audio: Boolean!, $video: Boolean!, $screen: Boolean!) { updateCallState(callId: $callId, audio: $audio, video: $video, screen: $screen) }', {
    callId,
    ...flags,
  });
}

/** Raises or lowers this person's hand, or (admin, with userId) lowers someone else's. */
export async function setHand(callId: string, raised: boolean, userId?: string): Promise<void> {
  await gql('mutation SetHand($callId: ID!, $raised: Boolean!, $userId: ID) { setHand(callId: $callId, raised: $raised, userId: $userId) }', {
    callId,
    raised,
    userId: userId ?? null,
  });
}

/** Admin: mutes one person, or everyone but the admin without userId. */
export async function muteInCall(callId: string, userId?: string): Promise<void> {
  await gql('mutation MuteInCall($callId: ID!, $userId: ID) { muteInCall(callId: $callId, userId: $userId) }', { callId, userId: userId ?? null });
}

export async function removeFromCall(callId: string, userId: string): Promise<void> {
  await gql('mutation RemoveFromCall($callId: ID!, $userId: ID!) { removeFromCall(callId: $callId, userId: $userId) }', { callId, userId });
}

export async function endCall(callId: string): Promise<void> {
  await gql('mutation EndCall($callId: ID!) { endCall(callId: $callId) }', { callId });
}

export async function sendCallChat(callId: string, text: string, clientId: string): Promise<void> {
  await gql('mutation SendCallChat($callId: ID!, $text: String!, $clientId: ID!) { sendCallChat(callId: $callId, text: $text, clientId: $clientId) }', {
    callId,
    text,
    clientId,
  });
}

export async function createLinkCall(input: { title: string; media: 'AUDIO' | 'VIDEO'; audience: 'SCHOOL' | 'LINK' }): Promise<string> {
  const data = await gql<{ createLinkCall: string }>(
    'mutation CreateLinkCall($title: String!, $media: CallMedia!, $audience: CallAudience!) { createLinkCall(title: $title, media: $media, audience: $audience) }',
    input,
  );
  return data.createLinkCall;
}

export async function revokeCallLink(callId: string): Promise<void> {
  await gql('mutation RevokeCallLink($callId: ID!) { revokeCallLink(callId: $callId) }', { callId });
}

export async function createOnlineLesson(lessonId: string, studentIds: string[] | null, media: 'AUDIO' | 'VIDEO' = 'VIDEO'): Promise<string> {
  const data = await gql<{ createOnlineLesson: string }>(
    'mutation CreateOnlineLesson($lessonId: ID!, $studentIds: [ID!], $media: CallMedia) { createOnlineLesson(lessonId: $lessonId, studentIds: $studentIds, media: $media) }',
    { lessonId, studentIds, media },
  );
  return data.createOnlineLesson;
}

export async function publishOnlineLesson(callId: string): Promise<void> {
  await gql('mutation PublishOnlineLesson($callId: ID!) { publishOnlineLesson(callId: $callId) }', { callId });
}

/** A random id for idempotent writes (chat lines). */
export function clientId(): string {
  return `c-${crypto.randomUUID()}`;
}
