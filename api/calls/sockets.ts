/**
 * The calls domain's sockets on the API's HTTP server: PeerJS signalling (its HTTP routes under
 * /peerjs/ and its WebSocket) and the SFU relay (/sfu). Each upgrade is let in only for a ticket
 * holder of a live seat (upgrade-tickets.ts); the app's upgrade table routes them here.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { SessionSockets } from '../http/session-sockets.ts';
import type { Db } from '../db/database.ts';
import { refuse, type UpgradeTable } from '../http/upgrades.ts';
import type { ChangeHub } from '../sync/change-hub.ts';
import { createPeerSignalling, type PeerSignalling } from './peer-signalling.ts';
import type { Sfu } from './sfu.ts';
import { PEER_PATH, PEER_SOCKET_PATH, SFU_PATH } from './ticket.ts';
import { peerTicketHolder, seatWatch, sfuSeatOf } from './upgrade-tickets.ts';

export interface CallSocketsDeps {
  db: Db;
  hub: ChangeHub;
  sessions: SessionSockets;
  sfu: Sfu;
  trustProxy: boolean;
}

export interface CallSockets {
  /** Serves PeerJS's HTTP routes; false for any other path (or before `register`). */
  handleHttp(req: IncomingMessage, res: ServerResponse, path: string): boolean;
  /** Mounts PeerJS on `server` and registers /peerjs/peerjs and /sfu in the upgrade table. */
  register(upgrades: UpgradeTable, server: Server): void;
  close(): void;
}

export function createCallSockets({ db, hub, sessions, sfu, trustProxy }: CallSocketsDeps): CallSockets {
  let peers: PeerSignalling | null = null;
  return {
    handleHttp(req, res, path) {
      if (!peers || !path.startsWith(PEER_PATH)) return false;
      peers.handleHttp(req, res);
      return true;
    },
    register(upgrades, server) {
      const signalling = (peers ??= createPeerSignalling(server, db, hub, sessions, trustProxy));
      upgrades.register(PEER_SOCKET_PATH, async (req, socket, head) => {
        const holder = await peerTicketHolder(db, req);
        if (holder) signalling.handleUpgrade(req, socket, head, holder);
        else refuse(socket, 403);
      });
      upgrades.register(SFU_PATH, async (req, socket, head) => {
        if (!sfu.available) return refuse(socket, 503);
        const seat = await sfuSeatOf(db, req);
        if (!seat) return refuse(socket, 403);
        sfu.proxyUpgrade(req, socket, head, { ...seat, watch: seatWatch(db, hub, sessions, seat) });
      });
    },
    close() {
      peers?.close();
    },
  };
}
