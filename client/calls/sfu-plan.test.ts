import { describe, expect, it } from 'vitest';
import { applyRoomEvent, diffStreams, substreamFor, wantedStreams, type Publisher } from './sfu-plan.ts';

const teacher: Publisher = { id: 1, display: 'p-t', streams: [{ type: 'audio', mid: '0' }, { type: 'video', mid: '1' }] };
const student: Publisher = { id: 2, display: 'p-s', streams: [{ type: 'audio', mid: '0' }] };

describe('SFU subscriptions', () => {
  it('wants every other publisher’s audio and video, never its own feed', () => {
    expect(wantedStreams([teacher, student], 2, false)).toEqual([
      { feed: 1, mid: '0' },
      { feed: 1, mid: '1' },
    ]);
  });

  it('audio-only mode drops video subscriptions', () => {
    const held = wantedStreams([teacher, student], 3, false);
    const audioOnly = wantedStreams([teacher, student], 3, true);
    expect(diffStreams(held, audioOnly)).toEqual({ subscribe: [], unsubscribe: [{ feed: 1, mid: '1' }] });
    expect(diffStreams(audioOnly, held)).toEqual({ subscribe: [{ feed: 1, mid: '1' }], unsubscribe: [] });
  });

  it('follows publishers joining, republishing and leaving', () => {
    let list = applyRoomEvent([], { publishers: [teacher] });
    list = applyRoomEvent(list, { publishers: [student] });
    list = applyRoomEvent(list, { publishers: [{ ...student, streams: [...student.streams, { type: 'video', mid: '1' }] }] });
    expect(list.map((p) => [p.id, p.streams.length])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(applyRoomEvent(list, { unpublished: 1 }).map((p) => p.id)).toEqual([2]);
    expect(applyRoomEvent(list, { leaving: 'ok' })).toHaveLength(2);
  });

  it('asks for the lowest simulcast layer when the receiver is weak', () => {
    expect(substreamFor(true)).toBe(0);
    expect(substreamFor(false)).toBe(2);
  });
});
