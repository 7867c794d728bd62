/**
 * Who fills the big tile of the speaker view: a screen being shared first, then whoever the person
 * pinned, then the one speaking (held a moment so the view does not jump on every cough), then
 * the call's admin (the teacher), then anyone else.
 */
import type { CallParticipant } from './types.ts';

/** Inbound audio level (0..1, from RTP stats) above which a participant counts as speaking. */
export const SPEAKING_LEVEL = 0.05;
/** A new speaker must outlast the current one by this long before the view switches. */
export const SPEAKER_HOLD_MS = 1_500;

export interface SpeakerState {
  current: string | null;
  since: number;
}

export function pickSpeaker(
  participants: readonly CallParticipant[],
  me: string,
  levels: ReadonlyMap<string, number>,
  previous: SpeakerState,
  now: number,
  pinned: string | null = null,
): SpeakerState {
  const others = participants.filter((p) => p.participantId !== me);
  const choose = (id: string | null): SpeakerState => (id === previous.current ? previous : { current: id, since: now });
  const sharing = others.find((p) => p.screen);
  if (sharing) return choose(sharing.participantId);
  if (pinned && participants.some((p) => p.participantId === pinned)) return choose(pinned);
  let loudest: string | null = null;
  let loudestLevel = SPEAKING_LEVEL;
  for (const p of others) {
    const level = levels.get(p.participantId) ?? 0;
    if (p.audio && level > loudestLevel) {
      loudest = p.participantId;
      loudestLevel = level;
    }
  }
  const stillHere = others.some((p) => p.participantId === previous.current);
  if (loudest) {
    if (loudest === previous.current || !stillHere || now - previous.since >= SPEAKER_HOLD_MS) return choose(loudest);
    return previous;
  }
  if (stillHere) return previous;
  const fallback = others.find((p) => p.isAdmin) ?? others[0] ?? participants[0];
  return choose(fallback?.participantId ?? null);
}
