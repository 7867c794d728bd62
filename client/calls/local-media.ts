/**
 * The camera, microphone and screen of this device. Tracks are opened and stopped one by one, so
 * switching the camera off really releases it (the light goes out) and audio-only mode never
 * opens it at all.
 */
import { log } from '../shared/log.ts';

const logger = log('calls');
const VIDEO: MediaTrackConstraints = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24 } };

export async function openMicrophone(deviceId: string | null): Promise<MediaStreamTrack | null> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { ...(deviceId ? { deviceId: { ideal: deviceId } } : {}), echoCancellation: true, noiseSuppression: true },
    });
    return stream.getAudioTracks()[0] ?? null;
  } catch (e) {
    // No microphone or no permission: the person still hears and sees the call.
    logger.warn('no microphone', e);
    return null;
  }
}

export async function openCamera(deviceId: string | null): Promise<MediaStreamTrack | null> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { ...VIDEO, ...(deviceId ? { deviceId: { ideal: deviceId } } : {}) } });
    return stream.getVideoTracks()[0] ?? null;
  } catch (e) {
    logger.warn('no camera', e);
    return null;
  }
}

/** The screen (or a window or tab) the person picks; null when they cancel or the browser cannot. */
export async function openScreen(): Promise<MediaStreamTrack | null> {
  if (!navigator.mediaDevices?.getDisplayMedia) return null;
  try {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 10 } }, audio: false });
    const track = stream.getVideoTracks()[0] ?? null;
    if (track) track.contentHint = 'detail';
    return track;
  } catch (e) {
    // Usually the person cancelled the picker.
    logger.debug('no screen to share', e);
    return null;
  }
}

export interface Devices {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
  speakers: MediaDeviceInfo[];
}

export async function listDevices(): Promise<Devices> {
  const all = navigator.mediaDevices ? await navigator.mediaDevices.enumerateDevices() : [];
  return {
    cameras: all.filter((d) => d.kind === 'videoinput'),
    microphones: all.filter((d) => d.kind === 'audioinput'),
    speakers: all.filter((d) => d.kind === 'audiooutput'),
  };
}

/** Choosing the speaker works where media elements have setSinkId (Chromium; not Safari on iOS). */
export function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

/**
 * Tracks that hold a place in a peer connection until the real one exists: PeerJS cannot
 * renegotiate, so every connection is set up with one audio and one video track and the real
 * track (or nothing) is put in place with replaceTrack once the connection is there.
 */
export function placeholderTracks(): { audio: MediaStreamTrack; video: MediaStreamTrack; stop(): void } {
  const audioContext = new AudioContext();
  const destination = audioContext.createMediaStreamDestination();
  const canvas = document.createElement('canvas');
  canvas.width = 16;
  canvas.height = 16;
  canvas.getContext('2d')?.fillRect(0, 0, 16, 16);
  const video = canvas.captureStream(1).getVideoTracks()[0]!;
  const audio = destination.stream.getAudioTracks()[0]!;
  return {
    audio,
    video,
    stop() {
      audio.stop();
      video.stop();
      void audioContext.close();
    },
  };
}
