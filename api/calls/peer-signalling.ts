/**
 * The PeerJS signalling server (`peer`) on the API's own HTTP server under /peerjs. Its WebSocket
 * server is created `noServer`: by default it would answer every other upgrade on the server with
 * 400 and break the sync stream, so api/app.ts routes upgrades and hands over only authorised ones.
 *
 * A socket stays open only while its presence is in the call: on every room change of a call with
 * sockets here (NOTIFY `call:<id>`, from any API process) the gone presences are disconnected. And
 * only while the session that opened it lives (SessionSockets).
 * PeerJS keeps its peers in this process's memory, so a mesh call's people must reach the same API
 * process (one process, or sticky routing by call).
 *
 * PeerJS relays any message to any peer id it knows: one realm for every call. So each socket's
 * messages pass through `sameCallOnly` first, and what is addressed to a peer of another call is
 * dropped — otherwise a person with a seat in any mesh call could dial into another call's devices.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ExpressPeerServer } from 'peer';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SessionSockets } from '../http/session-sockets.ts';
import type { Queryable } from '../db/database.ts';
import { WS_MESSAGE_MAX_BYTES } from '../http/limits.ts';
import type { ChangeHub } from '../sync/change-hub.ts';
import { PEER_KEY, PEER_PATH } from './ticket.ts';
import { CLOSE_LEFT_CALL, goneParticipants, type PeerHolder } from './upgrade-tickets.ts';
import { log } from '../shared/log.ts';

const logger = log('peerjs');

export interface PeerSignalling {
  /** PeerJS's HTTP routes (server info, `/peerjs/<key>/id`). */
  handleHttp(req: IncomingMessage, res: ServerResponse): void;
  /** Hands an upgrade the caller has authorised to the PeerJS server. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, holder: PeerHolder): void;
  close(): void;
}

/** Close code for «you are no longer in this call». */
export const PEER_CLOSE_GONE = CLOSE_LEFT_CALL;

export function createPeerSignalling(server: Server, db: Queryable, hub: ChangeHub, sessions: SessionSockets, trustProxy: boolean): PeerSignalling {
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MESSAGE_MAX_BYTES });
  const peerApp = ExpressPeerServer(server, {
    path: '/',
    key: PEER_KEY,
    allow_discovery: false,
    proxied: trustProxy,
    // The PeerJS client runs on our own pages: no cross-origin reads (its default is `*`).
    corsOptions: { origin: false },
    createWebSocketServer: () => wss,
  });
  // Express announces itself by default; nothing else of ours names the software behind it.
  peerApp.disable('x-powered-by');
  peerApp.on('error', (error) => logger.warn('PeerJS server error', { error: error.message }));
  // ExpressPeerServer wires its WebSocket and message handling when an Express parent mounts it.
  // We serve it from the plain Node server, so fire 'mount' ourselves with a stand-in parent whose
  // prototypes are the app's own: Express's mount handler re-parents them onto it, which is a no-op.
  const proto = Object.getPrototypeOf as (o: unknown) => object;
  peerApp.emit('mount', {
    settings: proto(peerApp.settings),
    request: proto(peerApp.request),
    response: proto(peerApp.response),
    engines: proto((peerApp as unknown as { engines: object }).engines),
  });

  /** Sockets per call, each with its presence. */
  const byCall = new Map<string, { sockets: Map<WebSocket, string>; unsubscribe: () => void }>();
  /** The call of each peer connected here. */
  const callOfPeer = new Map<string, string>();
  const callOf = async (peerId: string): Promise<string | null> => {
    const known = callOfPeer.get(peerId);
    if (known) return known;
    // A peer not (yet) connected to this process: PeerJS queues messages for it; ask the database.
    const [row] = await db.query<{ call_id: string }>('SELECT call_id FROM call_participants WHERE id = $1', [peerId]);
    return row?.call_id ?? null;
  };
  /**
   * Lets a socket's messages reach PeerJS only when addressed to a peer of the sender's own call
   * (heartbeats and other messages without a destination pass). Messages keep their order.
   */
  const sameCallOnly = (ws: WebSocket, holder: PeerHolder): void => {
    const emit = ws.emit.bind(ws) as (event: string, ...args: unknown[]) => boolean;
    let queue: Promise<unknown> = Promise.resolve();
    (ws as unknown as { emit: typeof emit }).emit = (event, ...args) => {
      if (event !== 'message') return emit(event, ...args);
      queue = queue.then(async () => {
        const dst = destinationOf(args[0]);
        // A peer that cannot be placed in a call (database down) gets nothing: refusing is the safe side.
        const call = dst === null ? null : await callOf(dst).catch((error: unknown) => void logger.warn('finding the call of a peer failed', { error }));
        if (dst === null || call === holder.callId) emit(event, ...args);
      });
      return true;
    };
  };
  const prune = async (callId: string): Promise<void> => {
    const entry = byCall.get(callId);
    if (!entry) return;
    try {
      const gone = new Set(await goneParticipants(db, [...new Set(entry.sockets.values())]));
      for (const [ws, participantId] of entry.sockets) if (gone.has(participantId)) ws.close(PEER_CLOSE_GONE, 'Left the call');
    } catch (error) {
      logger.warn('checking presences failed', { callId, error });
    }
  };
  const track = (ws: WebSocket, holder: PeerHolder): void => {
    let entry = byCall.get(holder.callId);
    if (!entry) {
      const unsubscribe = hub.subscribe('call', new Set([holder.callId]), () => void prune(holder.callId));
      byCall.set(holder.callId, (entry = { sockets: new Map(), unsubscribe }));
    }
    const sockets = entry.sockets;
    sockets.set(ws, holder.participantId);
    callOfPeer.set(holder.participantId, holder.callId);
    ws.on('close', () => {
      sockets.delete(ws);
      if ([...sockets.values()].every((id) => id !== holder.participantId)) callOfPeer.delete(holder.participantId);
      if (sockets.size === 0 && byCall.get(holder.callId)?.sockets === sockets) {
        byCall.get(holder.callId)?.unsubscribe();
        byCall.delete(holder.callId);
      }
    });
  };

  return {
    handleHttp(req, res) {
      req.url = (req.url ?? '/').slice(PEER_PATH.length - 1) || '/';
      peerApp(req as never, res as never);
    },
    handleUpgrade(req, socket, head, holder) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        sameCallOnly(ws, holder);
        track(ws, holder);
        sessions.holdSocket(holder.tokenHash, ws);
        wss.emit('connection', ws, req);
      });
    },
    close() {
      for (const entry of byCall.values()) entry.unsubscribe();
      byCall.clear();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

/** The `dst` of a PeerJS client message, or null for messages to the server itself (heartbeats). */
function destinationOf(data: unknown): string | null {
  try {
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
    const dst = (JSON.parse(text) as { dst?: unknown }).dst;
    return typeof dst === 'string' ? dst : null;
  } catch {
    // Not JSON: PeerJS ignores it too.
    return null;
  }
}
