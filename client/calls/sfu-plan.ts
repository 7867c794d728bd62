/**
 * Which streams of a Janus VideoRoom this device subscribes to: every publisher's audio, and its
 * video unless audio-only mode is on. Janus (multistream) takes changes as `subscribe` /
 * `unsubscribe` lists of {feed, mid}; this computes them from what is wanted and what is held.
 */
export interface PublisherStream {
  type: 'audio' | 'video' | 'data';
  mid: string;
  disabled?: boolean;
}

export interface Publisher {
  /** Janus's numeric feed id. */
  id: number;
  /** The participant id (joined with display = participantId). */
  display: string;
  streams: PublisherStream[];
}

export interface StreamRef {
  feed: number;
  mid: string;
}

export const refKey = (r: StreamRef): string => `${r.feed}/${r.mid}`;

export function wantedStreams(publishers: readonly Publisher[], myFeed: number | null, audioOnly: boolean): StreamRef[] {
  const wanted: StreamRef[] = [];
  for (const p of publishers) {
    if (p.id === myFeed) continue;
    for (const s of p.streams) {
      if (s.disabled || s.type === 'data') continue;
      if (audioOnly && s.type === 'video') continue;
      wanted.push({ feed: p.id, mid: s.mid });
    }
  }
  return wanted;
}

export function diffStreams(held: readonly StreamRef[], wanted: readonly StreamRef[]): { subscribe: StreamRef[]; unsubscribe: StreamRef[] } {
  const heldKeys = new Set(held.map(refKey));
  const wantedKeys = new Set(wanted.map(refKey));
  return {
    subscribe: wanted.filter((r) => !heldKeys.has(refKey(r))),
    unsubscribe: held.filter((r) => !wantedKeys.has(refKey(r))),
  };
}

/** Simulcast layer to ask Janus for: the lowest for a weak receiver, the highest otherwise. */
export function substreamFor(weak: boolean): 0 | 2 {
  return weak ? 0 : 2;
}

/** Updates the publisher list from a VideoRoom event (`publishers`, `unpublished`, `leaving`). */
export function applyRoomEvent(list: readonly Publisher[], event: { publishers?: Publisher[]; unpublished?: number | string; leaving?: number | string }): Publisher[] {
  let next = [...list];
  for (const p of event.publishers ?? []) next = [...next.filter((q) => q.id !== p.id), p];
  const gone = event.unpublished ?? event.leaving;
  if (gone !== undefined && gone !== 'ok') next = next.filter((p) => p.id !== Number(gone));
  return next;
}
