import { describe, expect, it } from 'vitest';
import { pickSpeaker, SPEAKER_HOLD_MS } from './speaker.ts';
import type { CallParticipant } from './types.ts';

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

const room = [person('me'), person('teacher', { isAdmin: true }), person('ann'), person('bob')];
const none = { current: null, since: 0 };

describe('speaker view', () => {
  it('shows the admin when nobody speaks, never this device', () => {
    expect(pickSpeaker(room, 'teacher', new Map(), none, 0).current).toBe('me');
    expect(pickSpeaker(room, 'me', new Map(), none, 0).current).toBe('teacher');
  });

  it('switches to a speaker only after the current one held the view for a moment', () => {
    const first = pickSpeaker(room, 'me', new Map([['ann', 0.3]]), none, 1000);
    expect(first).toEqual({ current: 'ann', since: 1000 });
    const early = pickSpeaker(room, 'me', new Map([['bob', 0.4]]), first, 1000 + SPEAKER_HOLD_MS / 2);
    expect(early.current).toBe('ann');
    expect(pickSpeaker(room, 'me', new Map([['bob', 0.4]]), first, 1000 + SPEAKER_HOLD_MS).current).toBe('bob');
  });

  it('ignores a muted participant’s noise and keeps the last speaker during silence', () => {
    const muted = room.map((p) => (p.participantId === 'bob' ? { ...p, audio: false } : p));
    const state = { current: 'ann', since: 0 };
    expect(pickSpeaker(muted, 'me', new Map([['bob', 0.9]]), state, 10_000)).toBe(state);
  });

  it('a shared screen wins over the pinned person and over speech', () => {
    const sharing = room.map((p) => (p.participantId === 'bob' ? { ...p, screen: true } : p));
    expect(pickSpeaker(sharing, 'me', new Map([['ann', 0.9]]), none, 0, 'teacher').current).toBe('bob');
    expect(pickSpeaker(room, 'me', new Map([['ann', 0.9]]), none, 0, 'teacher').current).toBe('teacher');
  });
});
