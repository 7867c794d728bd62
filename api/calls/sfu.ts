/**
 * The boundary between the calls domain and the SFU (Janus, api/calls/janus/). The calls domain
 * codes against this interface only; main.ts passes the real one when Janus runs.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export interface SfuRoom { room: number; secret: string }
export interface Sfu {
  /** false when Janus is off, not installed or not reachable; calls above the mesh size are refused. */
  readonly available: boolean;
  createRoom(opts: { description: string; publishers: number; audioOnly: boolean }): Promise<SfuRoom>;
  /** Lets a participant's token into the room (VideoRoom `allowed` add). */
  allow(room: SfuRoom, tokens: string[]): Promise<void>;
  disallow(room: SfuRoom, tokens: string[]): Promise<void>;
  /** Kicks every Janus participant whose display/token belongs to that participant id. */
  kick(room: SfuRoom, participantId: string): Promise<void>;
  destroyRoom(room: SfuRoom): Promise<void>;
  /** Handles an HTTP upgrade on `/sfu` AFTER the caller has authorised it: proxies to Janus's WebSocket. */
  proxyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

const unavailable = (): never => {
  throw new Error('CALL_NEEDS_SFU: no SFU (Janus) is available');
};

/** No Janus: available=false, every method throws CALL_NEEDS_SFU-style error. */
export const unavailableSfu: Sfu = {
  available: false,
  createRoom: async () => unavailable(),
  allow: async () => unavailable(),
  disallow: async () => unavailable(),
  kick: async () => unavailable(),
  destroyRoom: async () => unavailable(),
  proxyUpgrade: (_req, socket) => {
    socket.destroy();
  },
  close: async () => undefined,
};
