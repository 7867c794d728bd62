import { describe, expect, it } from 'vitest';
import { banner, type StatusInputs } from './call-status.ts';

const live: StatusInputs = { phase: 'live', online: true, roomConnected: true, engine: 'connected', others: 1, quality: 'good' };

describe('call banner', () => {
  it('says nothing when all is well or the call is over', () => {
    expect(banner(live)).toBe('none');
    expect(banner({ ...live, phase: 'ended', online: false })).toBe('none');
  });

  it('says «reconnecting» when the device is offline, the room socket dropped or media is being re-established', () => {
    expect(banner({ ...live, online: false })).toBe('reconnecting');
    expect(banner({ ...live, roomConnected: false })).toBe('reconnecting');
    expect(banner({ ...live, engine: 'reconnecting', quality: 'weak' })).toBe('reconnecting');
  });

  it('says «connecting» only when there is someone to connect to', () => {
    expect(banner({ ...live, engine: 'connecting' })).toBe('connecting');
    expect(banner({ ...live, engine: 'connecting', others: 0 })).toBe('none');
  });

  it('warns of a weak connection', () => {
    expect(banner({ ...live, quality: 'weak' })).toBe('weak');
  });
});
