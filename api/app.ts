/**
 * Builds Parta's server without opening a port: `yoga` answers `fetch`-style requests (tests call
 * `app.yoga.fetch()`), `handleHttp` serves GraphQL and the built PWA on a Node server, and
 * `attachWebSockets` adds the live sync stream (graphql-ws) to that server. `main.ts` starts it.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { useContentEncoding } from '@whatwg-node/server';
import { createYoga, type Plugin } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Db } from './db/database.ts';
import { badRequestPlugin } from './http/bad-request.ts';
import { buildContext, type RequestContext, type ServerContext } from './http/context.ts';
import { createStaticHandler } from './http/static.ts';
import { securityHeaders } from './http/security-headers.ts';
import { buildSchema } from './schema.ts';
import { ChangeHub } from './sync/change-hub.ts';

export interface AppOptions {
  db: Db;
  /** Directory of the built PWA; omit to serve the API only. */
  staticDir?: string;
}

export interface App {
  yoga: ReturnType<typeof createYoga<ServerContext, RequestContext>>;
  hub: ChangeHub;
  handleHttp(req: IncomingMessage, res: ServerResponse): void;
  attachWebSockets(server: Server): void;
  close(): Promise<void>;
}

/** Copies the cookies resolvers asked for onto the response. */
const setCookiePlugin: Plugin<RequestContext, ServerContext> = {
  onResponse({ response, serverContext }) {
    for (const cookie of serverContext?.setCookies ?? []) response.headers.append('Set-Cookie', cookie);
  },
};

export async function createApp({ db, staticDir }: AppOptions): Promise<App> {
  const hub = new ChangeHub(db);
  await hub.start();
  const yoga = createYoga<ServerContext, RequestContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    graphiql: false,
    landingPage: false,
    logging: process.env.PARTA_LOG === 'debug' ? 'debug' : 'warn',
    // Errors thrown by our resolvers carry their own message; anything else is masked.
    maskedErrors: true,
    context: ({ request, ...server }) => buildContext({ db, hub }, request, server as ServerContext),
    plugins: [setCookiePlugin, badRequestPlugin, useContentEncoding()],
  });

  const serveStatic = staticDir ? createStaticHandler(staticDir) : null;
  const wss = new WebSocketServer({ noServer: true });
  // graphql-ws pings every 12 s: keeps idle streams alive through proxies and finds dead peers.
  const wsServer = useServer<Record<string, unknown>, { request: IncomingMessage }>(
    {
      context: (ctx) => {
        const req = ctx.extra.request;
        const headers = { get: (name: string) => headerValue(req.headers[name.toLowerCase()]) };
        return buildContext({ db, hub }, { headers, url: req.url ?? '/' }, { clientAddress: req.socket.remoteAddress ?? 'ws' });
      },
      schema: yoga.getEnveloped().schema,
    },
    wss,
    12_000,
  );

  return {
    yoga,
    hub,
    handleHttp(req, res) {
      for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (path === '/graphql' || !serveStatic) {
        const serverContext: ServerContext = { setCookies: [], clientAddress: req.socket.remoteAddress ?? 'unknown' };
        void yoga.handle(req, res, serverContext);
        return;
      }
      serveStatic(req, res);
    },
    attachWebSockets(server) {
      // Route upgrades ourselves: only /graphql is ours here (the calls signalling will add its own path).
      server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        if ((req.url ?? '').split('?')[0] !== '/graphql') {
          socket.destroy();
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      });
    },
    async close() {
      await wsServer.dispose();
      for (const client of wss.clients) client.terminate();
      wss.close();
      await hub.stop();
    },
  };
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
