/**
 * This device's media in a call: the microphone, the camera and a shared screen, audio-only mode
 * and the choice of devices. It opens and releases tracks, puts them in the view, hands them to
 * the current engine, and tells the room what this device now sends.
 */
import * as api from './api.ts';
import type { CallEvent, CallState } from './call-view.ts';
import type { CallEngine, LocalTracks } from './engine.ts';
import { openCamera, openMicrophone, openScreen } from './local-media.ts';
import { loadPrefs, savePrefs, type CallPrefs } from './prefs.ts';
import type { LocalFlags } from './types.ts';
import { log, noted } from '../shared/log.ts';

const logger = log('calls');

/** What the media needs from the session around it. */
export interface MediaHost {
  view(): CallState;
  dispatch(event: CallEvent): void;
  engine(): CallEngine | null;
  finished(): boolean;
}

export interface CallMedia {
  /** What an engine sends: the microphone, and the screen or camera unless in audio-only mode. */
  tracks(): LocalTracks;
  /** Opens the microphone, and the camera unless in audio-only mode; null if the session finished meanwhile. */
  open(): Promise<{ camera: MediaStreamTrack | null } | null>;
  /** Puts this device's flags in the view and, once live, tells the room. */
  publishFlags(): Promise<void>;
  toggleMicrophone(): Promise<void>;
  toggleCamera(): Promise<void>;
  toggleScreen(): Promise<void>;
  setAudioOnly(on: boolean): Promise<void>;
  chooseDevice(kind: 'camera' | 'microphone', deviceId: string): Promise<void>;
  /** The admin muted this person: the microphone goes off (if it was on) and they are told. */
  mutedByAdmin(): void;
  /** Releases every track (the camera's light goes out). */
  stop(): void;
}

export function createCallMedia(host: MediaHost, prefs: CallPrefs): CallMedia {
  let microphone: MediaStreamTrack | null = null;
  /** The camera was on when audio-only mode began: leaving the mode turns it back on. */
  let cameraBeforeAudioOnly = false;
  const { view, dispatch, engine } = host;

  const tracks = (): LocalTracks => {
    const v = view();
    return { audio: microphone, video: v.audioOnly ? null : (v.screen ?? v.camera) };
  };

  const flags = (): LocalFlags => {
    const v = view();
    return { audio: !!microphone && microphone.enabled, video: !v.audioOnly && !!(v.screen ?? v.camera), screen: !!v.screen };
  };

  const publishFlags = async (): Promise<void> => {
    const next = flags();
    dispatch({ type: 'flags', flags: next });
    const { callId, phase } = view();
    if (callId && phase === 'live') await api.updateCallState(callId, next).catch(noted(logger, 'telling the room about the microphone and camera'));
  };

  return {
    tracks,
    publishFlags,
    async open() {
      const mic = await openMicrophone(prefs.microphoneId);
      if (host.finished()) {
        mic?.stop();
        return null;
      }
      microphone = mic;
      const camera = view().audioOnly ? null : await openCamera(prefs.cameraId);
      if (host.finished()) {
        // stop() released the microphone already; the camera was not in the view yet.
        camera?.stop();
        return null;
      }
      return { camera };
    },
    async toggleMicrophone() {
      if (!microphone) {
        microphone = await openMicrophone(prefs.microphoneId);
        if (!microphone) return;
      } else microphone.enabled = !microphone.enabled;
      dispatch({ type: 'mutedByAdmin', muted: false });
      await engine()?.setTrack('audio', microphone);
      await publishFlags();
    },
    async toggleCamera() {
      const v = view();
      if (v.camera) {
        v.camera.stop();
        dispatch({ type: 'local', camera: null });
      } else {
        const camera = await openCamera(loadPrefs().cameraId);
        if (!camera) return;
        // Turning the camera on is the way out of audio-only mode.
        dispatch({ type: 'local', camera, audioOnly: false });
        await engine()?.setAudioOnly(false);
      }
      if (!view().screen) await engine()?.setTrack('video', view().audioOnly ? null : view().camera);
      await publishFlags();
    },
    async toggleScreen() {
      const v = view();
      if (v.screen) {
        v.screen.stop();
        dispatch({ type: 'local', screen: null });
      } else {
        const screen = await openScreen();
        if (!screen) return;
        // The browser's own «stop sharing» button ends it too.
        screen.addEventListener('ended', () => {
          if (view().screen !== screen) return;
          dispatch({ type: 'local', screen: null });
          void engine()?.setTrack('video', tracks().video).then(publishFlags);
        });
        dispatch({ type: 'local', screen, audioOnly: false });
        await engine()?.setAudioOnly(false);
      }
      await engine()?.setTrack('video', tracks().video);
      await publishFlags();
    },
    async setAudioOnly(on) {
      const v = view();
      if (on) {
        if (!v.audioOnly) cameraBeforeAudioOnly = !!v.camera;
        v.camera?.stop();
        v.screen?.stop();
        dispatch({ type: 'local', audioOnly: true, camera: null, screen: null });
      } else {
        // Leaving audio-only gives back the camera it turned off (the person did not turn it off).
        const reopen = cameraBeforeAudioOnly && !v.camera;
        cameraBeforeAudioOnly = false;
        const camera = reopen ? await openCamera(loadPrefs().cameraId) : v.camera;
        if (host.finished()) return camera?.stop();
        dispatch({ type: 'local', audioOnly: false, camera });
      }
      await engine()?.setAudioOnly(on);
      await engine()?.setTrack('video', tracks().video);
      await publishFlags();
    },
    async chooseDevice(kind, deviceId) {
      savePrefs(kind === 'camera' ? { cameraId: deviceId } : { microphoneId: deviceId });
      if (kind === 'microphone') {
        const wasOn = microphone?.enabled ?? true;
        const next = await openMicrophone(deviceId);
        if (!next) return;
        microphone?.stop();
        next.enabled = wasOn;
        microphone = next;
        await engine()?.setTrack('audio', next);
      } else if (view().camera) {
        const next = await openCamera(deviceId);
        if (!next) return;
        view().camera?.stop();
        dispatch({ type: 'local', camera: next });
        if (!view().screen) await engine()?.setTrack('video', next);
      }
      await publishFlags();
    },
    mutedByAdmin() {
      if (!microphone?.enabled) return;
      microphone.enabled = false;
      dispatch({ type: 'mutedByAdmin', muted: true });
      void engine()?.setTrack('audio', microphone);
      void publishFlags();
    },
    stop() {
      microphone?.stop();
      view().camera?.stop();
      view().screen?.stop();
      microphone = null;
    },
  };
}
