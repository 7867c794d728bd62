/**
 * The boundary between the calls domain and the SFU (Janus). The calls domain codes against this
 * interface only; api/calls/janus/ implements it, and `unavailableSfu` stands in when Janus is off,
 * not installed or not reachable.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export interface SfuRoom { room: number; secret: string }

/** Why a relayed socket is closed: the WebSocket close code and reason the browser gets. */
export interface SocketEnd { code: number; reason: string }

/**
 * The one presence a relayed socket speaks for. The relay lets its Janus requests into this room
 * only, as this participant (display and token forced), and closes it once the presence is gone.
 */
export interface SfuSeat {
  room: number;
  token: string;
  participantId: string;
  /**
   * Calls `close` when the presence has left, was removed or expired, or the call ended, or when
   * the session that opened the relay ended; returns the unsubscribe.
   */
  watch(close: (end: SocketEnd) => void): () => void;
}

export interface SfuRoomOptions { description: string; publishers: number; audioOnly: boolean }

/**
 * Thrown by `allow` when the SFU does not have the room: Janus keeps rooms in memory only, so after
 * an API restart (or a Janus restart seen by another API process) the database may name a room
 * Janus has lost. `ensureRoom` brings it back.
 */
export class SfuRoomMissingError extends Error {
  constructor(readonly room: number) {
    super(`the SFU has no room ${room}`);
  }
}

export interface Sfu {
  /** false when Janus is off, not installed or not reachable; calls above the mesh size are refused. */
  readonly available: boolean;
  createRoom(opts: SfuRoomOptions): Promise<SfuRoom>;
  /**
   * Recreates the room with the SAME id and secret (admitting `tokens`) when the SFU does not have
   * it; nothing when it does. From then on this process also restores it after a Janus restart.
   */
  ensureRoom(room: SfuRoom, opts: SfuRoomOptions, tokens: string[]): Promise<void>;
  /** Lets a participant's token into the room (VideoRoom `allowed` add); SfuRoomMissingError when the SFU has no such room. */
  allow(room: SfuRoom, tokens: string[]): Promise<void>;
  disallow(room: SfuRoom, tokens: string[]): Promise<void>;
  /** Kicks every Janus participant whose display/token belongs to that participant id. */
  kick(room: SfuRoom, participantId: string): Promise<void>;
  destroyRoom(room: SfuRoom): Promise<void>;
  /**
   * Handles an HTTP upgrade on `/sfu` AFTER the caller has authorised it: proxies to Janus's
   * WebSocket, vetting every request against `seat` (the API always passes one; benchmarks that
   * drive Janus directly may not).
   */
  proxyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, seat?: SfuSeat): void;
  close(): Promise<void>;
}

/** The message every method of `unavailableSfu` throws; the calls domain maps it to CALL_NEEDS_SFU. */
export const SFU_UNAVAILABLE = 'CALL_NEEDS_SFU: the SFU (Janus) is off, not installed or not reachable';

const refuse = (): never => {
  throw new Error(SFU_UNAVAILABLE);
};

export const unavailableSfu: Sfu = {
  available: false,
  createRoom: async () => refuse(),
  ensureRoom: async () => refuse(),
  allow: async () => refuse(),
  disallow: async () => refuse(),
  kick: async () => refuse(),
  destroyRoom: async () => refuse(),
  proxyUpgrade: (_req, socket) => {
    // Nothing to proxy to: answer the upgrade like an unavailable service instead of hanging.
    socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  },
  close: async () => undefined,
};
