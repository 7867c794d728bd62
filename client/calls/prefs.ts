import { log } from '../shared/log.ts';

/** Call settings kept on this device (not synced: they describe this device's hardware and network). */
export interface CallPrefs {
  /** Join every call with audio only (a weak or metered network). */
  startAudioOnly: boolean;
  cameraId: string | null;
  microphoneId: string | null;
  speakerId: string | null;
}

const KEY = 'parta.calls.prefs';
const DEFAULTS: CallPrefs = { startAudioOnly: false, cameraId: null, microphoneId: null, speakerId: null };

export function loadPrefs(storage: Pick<Storage, 'getItem'> = localStorage): CallPrefs {
  try {
    const raw = JSON.parse(storage.getItem(KEY) ?? '{}') as Partial<Record<keyof CallPrefs, unknown>>;
    const id = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
    return {
      startAudioOnly: raw.startAudioOnly === true,
      cameraId: id(raw.cameraId),
      microphoneId: id(raw.microphoneId),
      speakerId: id(raw.speakerId),
    };
  } catch (e) {
    // Unreadable settings (hand-edited, another version's): start from the defaults.
    log('calls').warn('call settings unreadable; using the defaults', e);
    return { ...DEFAULTS };
  }
}

export function savePrefs(change: Partial<CallPrefs>, storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage): CallPrefs {
  const next = { ...loadPrefs(storage), ...change };
  storage.setItem(KEY, JSON.stringify(next));
  return next;
}
