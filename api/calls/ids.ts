import { randomBytes } from 'node:crypto';

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

export const newCallId = (): string => `call-${hex(10)}`;
/** Also the PeerJS peer id, which PeerJS allows to hold only letters, digits, `-` and `_` inside. */
export const newParticipantId = (): string => `p${hex(12)}`;
/** The presence's secret: its PeerJS token and its Janus VideoRoom join token. */
export const newParticipantToken = (): string => hex(24);
export const newChatLineId = (): string => `cl-${hex(10)}`;
/** What a call's link carries (`#/join/<code>`): 72 random bits, URL-safe. */
export const newLinkCode = (): string => randomBytes(9).toString('base64url');
