/**
 * The one connection state the call screen shows, from what each part of the call reports:
 * the room subscription (signalling), the media engine and the quality tracker.
 */
import type { Quality } from './quality.ts';

export type EngineState = 'connecting' | 'connected' | 'reconnecting';

export type Phase =
  /** Asking the server for a ticket, opening the camera. */
  | 'joining'
  | 'live'
  /** The admin ended the call for everyone. */
  | 'ended'
  /** The admin removed this person. */
  | 'removed'
  /** This person left. */
  | 'left'
  /** This person joined the call on another device; this one left it. */
  | 'moved'
  /** The server refused the join (message in `error`). */
  | 'refused';

export type Banner = 'none' | 'connecting' | 'reconnecting' | 'weak';

export interface StatusInputs {
  phase: Phase;
  online: boolean;
  roomConnected: boolean;
  engine: EngineState;
  /** Other participants in the room: with nobody to connect to, media cannot be «connecting». */
  others: number;
  quality: Quality;
}

export function banner(s: StatusInputs): Banner {
  if (s.phase !== 'live') return 'none';
  if (!s.online || !s.roomConnected || s.engine === 'reconnecting') return 'reconnecting';
  if (s.engine === 'connecting' && s.others > 0) return 'connecting';
  return s.quality === 'weak' ? 'weak' : 'none';
}
