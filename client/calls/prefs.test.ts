import { describe, expect, it } from 'vitest';
import { loadPrefs, savePrefs } from './prefs.ts';

function memoryStorage(initial: Record<string, string> = {}): Pick<Storage, 'getItem' | 'setItem'> {
  const data = new Map(Object.entries(initial));
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('call preferences', () => {
  it('defaults to video and the system devices', () => {
    expect(loadPrefs(memoryStorage())).toEqual({ startAudioOnly: false, cameraId: null, microphoneId: null, speakerId: null });
  });

  it('keeps «start audio-only» and device choices, merging changes', () => {
    const storage = memoryStorage();
    savePrefs({ startAudioOnly: true }, storage);
    savePrefs({ cameraId: 'cam-2' }, storage);
    expect(loadPrefs(storage)).toEqual({ startAudioOnly: true, cameraId: 'cam-2', microphoneId: null, speakerId: null });
  });

  it('survives a damaged entry', () => {
    expect(loadPrefs(memoryStorage({ 'parta.calls.prefs': '{oops' })).startAudioOnly).toBe(false);
    expect(loadPrefs(memoryStorage({ 'parta.calls.prefs': '{"startAudioOnly":"yes","cameraId":5}' }))).toEqual({
      startAudioOnly: false,
      cameraId: null,
      microphoneId: null,
      speakerId: null,
    });
  });
});
