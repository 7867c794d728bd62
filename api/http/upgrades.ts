/**
 * The server's one table of WebSocket upgrades: each domain registers its paths (`path → handler`)
 * and nothing else answers an upgrade. A WebSocket server given the HTTP server itself would
 * answer (and break) the others' upgrades, so every one of them is created `noServer` and reached
 * through here. Every upgrade passes the same origin check as HTTP first.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { log } from '../shared/log.ts';
import { isTls, nodeHeaders } from './forwarded.ts';
import { fromOwnOrigin } from './origin.ts';

/** Takes over an upgrade the table let through; may refuse it (`refuse`) after its own checks. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void | Promise<void>;

export interface UpgradeTable {
  /** One handler per exact path (no query string). */
  register(path: string, handler: UpgradeHandler): void;
  /** Routes the server's upgrades through the table (once per server). */
  attach(server: Server): void;
}

const logger = log('upgrade');

export function createUpgradeTable(trustProxy: boolean): UpgradeTable {
  const handlers = new Map<string, UpgradeHandler>();
  return {
    register(path, handler) {
      if (handlers.has(path)) throw new Error(`two upgrade handlers for ${path}`);
      handlers.set(path, handler);
    },
    attach(server) {
      server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        // Handlers await the database; a client vanishing meanwhile must not crash the process.
        socket.on('error', () => socket.destroy());
        const path = (req.url ?? '').split('?')[0] ?? '';
        const handler = handlers.get(path);
        if (!handler) {
          socket.destroy();
          return;
        }
        // Browsers send cookies on cross-site WebSocket handshakes and no CORS protects the answer:
        // accept only our own pages, by the same rule as HTTP (clients without an Origin are not browsers).
        if (!fromOwnOrigin({ headers: nodeHeaders(req), tls: isTls(req) }, trustProxy)) {
          refuse(socket, 403);
          return;
        }
        const failed = (error: unknown): void => {
          logger.error('upgrade check failed', { path, error });
          refuse(socket, 503);
        };
        try {
          void Promise.resolve(handler(req, socket, head)).catch(failed);
        } catch (error) {
          failed(error);
        }
      });
    },
  };
}

const STATUS_TEXT: Record<number, string> = { 403: 'Forbidden', 503: 'Service Unavailable' };

/** Answers an upgrade with a plain HTTP status and closes it. */
export function refuse(socket: Duplex, status: 403 | 503): void {
  if (!socket.destroyed) socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\n\r\n`);
}
