import { describe, expect, it } from 'vitest';
import { initialCallState, reduceCall, type CallEvent, type CallState } from './call-view.ts';
import { SPEAKER_HOLD_MS } from './speaker.ts';
import type { CallParticipant, CallRoom } from './types.ts';

const person = (participantId: string, extra: Partial<CallParticipant> = {}): CallParticipant => ({
  participantId,
  userId: `u-${participantId}`,
  name: participantId,
  isAdmin: false,
  audio: true,
  video: true,
  screen: false,
  handRaised: false,
  ...extra,
});
const room = (participants: CallParticipant[], extra: Partial<CallRoom> = {}): CallRoom => ({
  callId: 'call-1',
  transport: 'mesh',
  ended: false,
  participants,
  chat: [],
  command: null,
  ...extra,
});
const run = (events: CallEvent[], from: CallState = initialCallState({ callId: null, audioOnly: false, online: true })): CallState => events.reduce(reduceCall, from);
const track = { kind: 'video' } as MediaStreamTrack;
const stream = {} as MediaStream;

/** Joined, live, the room up, media connected, with the teacher (admin) and one student. */
const inCall = run([
  { type: 'joined', callId: 'call-1', me: 'p-me', transport: 'mesh' },
  { type: 'live', camera: track },
  { type: 'roomConnected', connected: true },
  { type: 'room', room: room([person('p-me'), person('p-teacher', { isAdmin: true }), person('p-kid')]), at: 1_000 },
  { type: 'engine', state: 'connected' },
]);

describe('the call view', () => {
  it('starts joining, with the call known only for a call id and audio-only from the settings', () => {
    const s = initialCallState({ callId: 'call-9', audioOnly: true, online: false });
    expect(s).toMatchObject({ phase: 'joining', callId: 'call-9', audioOnly: true, banner: 'none', participants: [] });
  });

  it('shows the connection as one banner: reconnecting offline or while media restarts, then nothing', () => {
    expect(inCall.banner).toBe('none');
    expect(run([{ type: 'network', online: false }], inCall).banner).toBe('reconnecting');
    expect(run([{ type: 'network', online: false }, { type: 'network', online: true }], inCall).banner).toBe('none');
    expect(run([{ type: 'roomConnected', connected: false }], inCall).banner).toBe('reconnecting');
    expect(run([{ type: 'engine', state: 'connecting' }], inCall).banner).toBe('connecting');
    expect(run([{ type: 'sampled', quality: 'weak', levels: new Map(), at: 2_000 }], inCall).banner).toBe('weak');
  });

  it('a media restart drops the remote streams and says «reconnecting» until the engine is back', () => {
    const withVideo = run([{ type: 'remote', participantId: 'p-kid', stream }], inCall);
    expect([...withVideo.remote.keys()]).toEqual(['p-kid']);
    const restarting = run([{ type: 'engineRestarting' }], withVideo);
    expect(restarting.remote.size).toBe(0);
    expect(restarting.banner).toBe('reconnecting');
    expect(run([{ type: 'engine', state: 'connected' }], restarting).banner).toBe('none');
    expect(run([{ type: 'remote', participantId: 'p-kid', stream: null }], withVideo).remote.size).toBe(0);
  });

  it('finishing keeps why (as a code) and lets go of every stream and track', () => {
    const over = run([{ type: 'remote', participantId: 'p-kid', stream }, { type: 'finished', phase: 'refused', error: { code: 'NETWORK', params: {} } }], inCall);
    expect(over).toMatchObject({ phase: 'refused', error: { code: 'NETWORK', params: {} }, camera: null, screen: null, banner: 'none' });
    expect(over.remote.size).toBe(0);
  });

  it('follows the room: my raised hand, the chat, and the admin in the big tile while nobody speaks', () => {
    const line = { id: 'l1', authorId: 'u-p-kid', name: 'p-kid', text: 'Здравствуйте', at: 1_500 };
    const next = run([{ type: 'room', room: { ...room([person('p-me', { handRaised: true }), person('p-teacher', { isAdmin: true }), person('p-kid')]), chat: [line] }, at: 2_000 }], inCall);
    expect(next.handRaised).toBe(true);
    expect(next.chat).toEqual([line]);
    expect(next.speaker.current).toBe('p-teacher');
  });

  it('the big tile goes to whoever speaks once they outlast the hold, and to a pinned person at once', () => {
    const loud = new Map([['p-kid', 0.5]]);
    expect(run([{ type: 'sampled', quality: 'good', levels: loud, at: 1_000 + SPEAKER_HOLD_MS - 1 }], inCall).speaker.current).toBe('p-teacher');
    expect(run([{ type: 'sampled', quality: 'good', levels: loud, at: 1_000 + SPEAKER_HOLD_MS }], inCall).speaker.current).toBe('p-kid');
    const pinned = run([{ type: 'pinned', participantId: 'p-kid', at: 1_001 }], inCall);
    expect(pinned.speaker).toEqual({ current: 'p-kid', since: 1_001 });
    // The pin holds against the teacher speaking, until it is taken off.
    const teacherTalks = new Map([['p-teacher', 0.9]]);
    expect(run([{ type: 'sampled', quality: 'good', levels: teacherTalks, at: 9_000 }], pinned).speaker.current).toBe('p-kid');
    expect(run([{ type: 'pinned', participantId: null, at: 9_000 }, { type: 'sampled', quality: 'good', levels: teacherTalks, at: 9_001 }], pinned).speaker.current).toBe('p-teacher');
  });

  it('changes only what a local change names: turning the camera off keeps audio-only mode as it was', () => {
    const off = run([{ type: 'local', camera: null }], inCall);
    expect(off).toMatchObject({ camera: null, screen: null, audioOnly: false });
    expect(run([{ type: 'local', audioOnly: true, camera: null, screen: null }], inCall)).toMatchObject({ audioOnly: true, camera: null });
  });

  it('counts chat lines seen forward only, and a muted notice stays until dismissed', () => {
    const seen = run([{ type: 'chatSeen', count: 3 }], inCall);
    expect(run([{ type: 'chatSeen', count: 2 }], seen)).toBe(seen);
    expect(run([{ type: 'chatSeen', count: 5 }], seen).chatSeen).toBe(5);
    const muted = run([{ type: 'mutedByAdmin', muted: true }], inCall);
    expect(run([{ type: 'room', room: room(inCall.participants), at: 3_000 }], muted).mutedByAdmin).toBe(true);
    expect(run([{ type: 'mutedByAdmin', muted: false }], muted).mutedByAdmin).toBe(false);
  });
});
