/** What the call session needs from a transport: PeerJS mesh or Janus SFU. */
import type { EngineState } from './call-status.ts';
import type { StatsSample } from './quality.ts';

export interface EngineEvents {
  /** A participant's incoming media (null: gone). */
  onRemote(participantId: string, stream: MediaStream | null): void;
  onState(state: EngineState): void;
}

export interface LocalTracks {
  audio: MediaStreamTrack | null;
  /** Camera or screen; null when the camera is off or in audio-only mode. */
  video: MediaStreamTrack | null;
}

export interface EngineSample {
  stats: StatsSample;
  /** Inbound audio level (0..1) per participant, for the speaker view. */
  levels: Map<string, number>;
}

export interface CallEngine {
  readonly transport: 'mesh' | 'sfu';
  start(tracks: LocalTracks): Promise<void>;
  /** Participants in the room now (the mesh calls newcomers and hangs up on leavers). */
  setRoster(participantIds: readonly string[]): void;
  /** Sends another track (or nothing) without renegotiating where possible. */
  setTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void>;
  /** Receive no video (and the session sends none). */
  setAudioOnly(on: boolean): Promise<void>;
  /** This device's connection is weak: send less (mesh) or receive a lower layer (SFU). */
  setWeak(weak: boolean): void;
  sample(at: number): Promise<EngineSample>;
  close(): void;
}
