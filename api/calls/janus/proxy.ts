/**
 * The browser's signalling path to Janus: a WebSocket on the API's own origin (`/sfu`) relayed to
 * Janus's loopback WebSocket, subprotocol `janus-protocol` on both legs. The caller authorises the
 * upgrade first; Janus itself still demands the room's token to join and the secret or admin_key
 * for anything that changes rooms.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import type { SfuSeat } from '../sfu.ts';
import { vetJanusRequest } from './vet.ts';

export const JANUS_PROTOCOL = 'janus-protocol';
/** An SDP offer with every candidate is a few kilobytes; nothing legitimate comes near this. */
const MAX_MESSAGE_BYTES = 256 * 1024;
/** Client messages held while the Janus leg opens. */
const MAX_QUEUED = 64;

export interface JanusProxy {
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, seat?: SfuSeat): void;
  /** Connections open right now (pairs of sockets). */
  readonly open: number;
  close(): void;
}

export function createJanusProxy(janusUrl: () => string): JanusProxy {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // Only janus-protocol is spoken here; a client asking for something else gets no subprotocol.
    handleProtocols: (protocols) => (protocols.has(JANUS_PROTOCOL) ? JANUS_PROTOCOL : false),
  });
  const pairs = new Set<{ client: WebSocket; janus: WebSocket }>();

  const relay = (client: WebSocket, seat: SfuSeat | undefined): void => {
    const janus = new WebSocket(janusUrl(), JANUS_PROTOCOL, { maxPayload: MAX_MESSAGE_BYTES * 4 });
    const pair = { client, janus };
    pairs.add(pair);
    const queued: (RawData | string)[] = [];
    const closeBoth = (code: number, reason: string): void => {
      pairs.delete(pair);
      if (client.readyState === WebSocket.OPEN || client.readyState === WebSocket.CONNECTING) client.close(code, reason);
      if (janus.readyState === WebSocket.OPEN) janus.close();
      else if (janus.readyState === WebSocket.CONNECTING) janus.terminate();
    };

    // The presence left, was removed or the call ended, or the person signed out: Janus drops every handle of this session.
    const unwatch = seat?.watch((end) => closeBoth(end.code, end.reason)) ?? (() => undefined);
    client.on('close', unwatch);
    client.on('message', (raw, isBinary) => {
      let data: RawData | string = raw;
      if (seat) {
        const vetted = vetJanusRequest(raw.toString(), seat);
        if ('refused' in vetted) {
          if (client.readyState === WebSocket.OPEN) client.send(vetted.refused);
          return;
        }
        data = vetted.forward;
      }
      if (janus.readyState === WebSocket.OPEN) janus.send(data, { binary: isBinary });
      else if (queued.length < MAX_QUEUED) queued.push(data);
      else closeBoth(1008, 'too many messages before Janus answered');
    });
    janus.on('open', () => {
      for (const data of queued.splice(0)) janus.send(data, { binary: false });
    });
    janus.on('message', (data, isBinary) => {
      if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
    });
    // 1013 «try again later»: Janus is down or restarting; the client reconnects with backoff.
    janus.on('error', () => closeBoth(1013, 'SFU unavailable'));
    janus.on('close', () => closeBoth(1012, 'SFU restarted'));
    client.on('close', () => closeBoth(1000, ''));
    client.on('error', () => closeBoth(1011, ''));
  };

  return {
    upgrade(req, socket, head, seat) {
      wss.handleUpgrade(req, socket, head, (client) => relay(client, seat));
    },
    get open() {
      return pairs.size;
    },
    close() {
      for (const { client, janus } of pairs) {
        client.terminate();
        janus.terminate();
      }
      pairs.clear();
      wss.close();
    },
  };
}
