/**
 * What the call screen shows, as a pure reducer: everything that happens to a call session is an
 * event, and `reduceCall(state, event)` is the state after it. The banner is derived on every
 * step from what the state keeps about the connection (which the screen does not show itself).
 */
import type { UserError } from '../shared/user-error.ts';
import { banner, type Banner, type EngineState, type Phase } from './call-status.ts';
import type { Quality } from './quality.ts';
import { pickSpeaker, type SpeakerState } from './speaker.ts';
import type { CallChatLine, CallParticipant, CallRoom, LocalFlags, Transport } from './types.ts';

export interface CallView {
  phase: Phase;
  /** Why the server refused (worded when shown, in the language of the moment). */
  error: UserError | null;
  callId: string | null;
  me: string | null;
  transport: Transport | null;
  participants: CallParticipant[];
  chat: CallChatLine[];
  remote: ReadonlyMap<string, MediaStream>;
  camera: MediaStreamTrack | null;
  screen: MediaStreamTrack | null;
  flags: LocalFlags;
  audioOnly: boolean;
  handRaised: boolean;
  banner: Banner;
  quality: Quality;
  speaker: SpeakerState;
  /** The admin muted this person (shown once). */
  mutedByAdmin: boolean;
  /** Chat lines the person has had on screen (the rest are unread). */
  chatSeen: number;
}

/** The view, and what it is derived from. */
export interface CallState extends CallView {
  /** The browser has a network. */
  online: boolean;
  /** The room subscription's socket is up. */
  roomConnected: boolean;
  engineState: EngineState;
  /** The participant the person pinned to the big tile. */
  pinned: string | null;
  /** Inbound audio levels from the last sample, by participant. */
  levels: ReadonlyMap<string, number>;
}

/** `at`: the clock reading of the moment, for the speaker view's hold time. */
export type CallEvent =
  | { type: 'joined'; callId: string; me: string; transport: Transport }
  | { type: 'live'; camera: MediaStreamTrack | null }
  /** Everything stopped; the phase says why. */
  | { type: 'finished'; phase: Phase; error: UserError | null }
  | { type: 'remote'; participantId: string; stream: MediaStream | null }
  | { type: 'engine'; state: EngineState }
  /** The media engine is being replaced: its streams are gone with it. */
  | { type: 'engineRestarting' }
  | { type: 'network'; online: boolean }
  | { type: 'roomConnected'; connected: boolean }
  | { type: 'room'; room: CallRoom; at: number }
  | { type: 'sampled'; quality: Quality; levels: ReadonlyMap<string, number>; at: number }
  | { type: 'pinned'; participantId: string | null; at: number }
  /** This device's camera, screen or audio-only mode changed. */
  | { type: 'local'; camera?: MediaStreamTrack | null; screen?: MediaStreamTrack | null; audioOnly?: boolean }
  | { type: 'flags'; flags: LocalFlags }
  | { type: 'mutedByAdmin'; muted: boolean }
  | { type: 'hand'; raised: boolean }
  | { type: 'chatSeen'; count: number };

export function initialCallState(init: { callId: string | null; audioOnly: boolean; online: boolean }): CallState {
  return withBanner({
    phase: 'joining',
    error: null,
    callId: init.callId,
    me: null,
    transport: null,
    participants: [],
    chat: [],
    remote: new Map(),
    camera: null,
    screen: null,
    flags: { audio: false, video: false, screen: false },
    audioOnly: init.audioOnly,
    handRaised: false,
    banner: 'none',
    quality: 'good',
    speaker: { current: null, since: 0 },
    mutedByAdmin: false,
    chatSeen: 0,
    online: init.online,
    roomConnected: false,
    engineState: 'connecting',
    pinned: null,
    levels: new Map(),
  });
}

export function reduceCall(state: CallState, event: CallEvent): CallState {
  return withBanner(apply(state, event));
}

function apply(s: CallState, e: CallEvent): CallState {
  switch (e.type) {
    case 'joined':
      return { ...s, callId: e.callId, me: e.me, transport: e.transport };
    case 'live':
      return { ...s, phase: 'live', camera: e.camera };
    case 'finished':
      return { ...s, phase: e.phase, error: e.error, remote: new Map(), camera: null, screen: null };
    case 'remote': {
      const remote = new Map(s.remote);
      if (e.stream) remote.set(e.participantId, e.stream);
      else remote.delete(e.participantId);
      return { ...s, remote };
    }
    case 'engine':
      return { ...s, engineState: e.state };
    case 'engineRestarting':
      return { ...s, engineState: 'reconnecting', remote: new Map() };
    case 'network':
      return { ...s, online: e.online };
    case 'roomConnected':
      return { ...s, roomConnected: e.connected };
    case 'room': {
      const { participants, chat } = e.room;
      const mine = participants.find((p) => p.participantId === s.me);
      return { ...s, participants, chat, handRaised: mine?.handRaised ?? false, speaker: speakerOf(s, participants, s.speaker, e.at) };
    }
    case 'sampled': {
      const next = { ...s, quality: e.quality, levels: e.levels };
      return { ...next, speaker: speakerOf(next, s.participants, s.speaker, e.at) };
    }
    case 'pinned': {
      // A new pin takes the big tile at once: no hold time from the previous speaker.
      const next = { ...s, pinned: e.participantId };
      return { ...next, speaker: speakerOf(next, s.participants, { current: null, since: 0 }, e.at) };
    }
    case 'local':
      return {
        ...s,
        ...(e.camera !== undefined ? { camera: e.camera } : {}),
        ...(e.screen !== undefined ? { screen: e.screen } : {}),
        ...(e.audioOnly !== undefined ? { audioOnly: e.audioOnly } : {}),
      };
    case 'flags':
      return { ...s, flags: e.flags };
    case 'mutedByAdmin':
      return { ...s, mutedByAdmin: e.muted };
    case 'hand':
      return { ...s, handRaised: e.raised };
    case 'chatSeen':
      return e.count > s.chatSeen ? { ...s, chatSeen: e.count } : s;
  }
}

function speakerOf(s: CallState, participants: readonly CallParticipant[], previous: SpeakerState, at: number): SpeakerState {
  return pickSpeaker(participants, s.me ?? '', s.levels, previous, at, s.pinned);
}

function withBanner(s: CallState): CallState {
  const others = s.participants.filter((p) => p.participantId !== s.me).length;
  const next = banner({ phase: s.phase, online: s.online, roomConnected: s.roomConnected, engine: s.engineState, others, quality: s.quality });
  return next === s.banner ? s : { ...s, banner: next };
}
