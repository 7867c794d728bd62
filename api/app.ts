/**
 * Builds Parta's server without opening a port: `yoga` answers `fetch`-style requests (tests call
 * `app.yoga.fetch()`), `handleHttp` serves GraphQL and the built PWA on a Node server, and
 * `attachWebSockets` adds the WebSockets to that server: the live sync stream and call rooms
 * (graphql-ws), PeerJS signalling and the SFU proxy. `main.ts` starts it.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { useContentEncoding } from '@whatwg-node/server';
import { getOperationAST, type ExecutionArgs } from 'graphql';
import { createGraphQLError, createYoga, type Plugin } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { SessionSockets } from './http/session-sockets.ts';
import { sessionHashOfCookie } from './http/sessions.ts';
import { DEFAULT_MESH_MAX } from './calls/deps.ts';
import type { IceSettings } from './calls/ice-servers.ts';
import { createPeerSignalling, type PeerSignalling } from './calls/peer-signalling.ts';
import { unavailableSfu, type Sfu } from './calls/sfu.ts';
import { PEER_PATH, PEER_SOCKET_PATH, SFU_PATH } from './calls/ticket.ts';
import { peerTicketHolder, seatWatch, sfuSeatOf } from './calls/upgrade-tickets.ts';
import type { Db } from './db/database.ts';
import { badRequestPlugin } from './http/bad-request.ts';
import { userError } from './http/errors.ts';
import { buildContext, type RequestContext, type RequestLike, type ServerContext } from './http/context.ts';
import { clientAddress, isTls, nodeHeaders } from './http/forwarded.ts';
import { fromOwnOrigin, ownOriginPlugin } from './http/origin.ts';
import { GRAPHQL_BODY_MAX_BYTES, WS_MESSAGE_MAX_BYTES } from './http/limits.ts';
import { requestLimitPlugins } from './http/request-limits.ts';
import { createStaticHandler } from './http/static.ts';
import { setSecurityHeaders } from './http/security-headers.ts';
import { socketOnlySubscriptionsPlugin } from './http/socket-only-subscriptions.ts';
import { buildSchema } from './schema.ts';
import { ChangeHub } from './sync/change-hub.ts';
import { ScopeCache } from './sync/scope-cache.ts';

export interface AppOptions {
  db: Db;
  /** Directory of the built PWA; omit to serve the API only. */
  staticDir?: string;
  /** Take client addresses from X-Forwarded-For (only behind a reverse proxy that sets it). */
  trustProxy?: boolean;
  /** The SFU (Janus) for lessons and calls above the mesh size; default: none (such calls are refused). */
  sfu?: Sfu;
  /** Most participants of a PeerJS mesh call (PARTA_MESH_MAX). */
  meshMax?: number;
  /** STUN/TURN servers handed to call participants (a shared-secret TURN server gets per-ticket credentials). */
  ice?: IceSettings;
  /** Answer GraphQL introspection (`__schema`, `__type`); off by default (PARTA_INTROSPECTION=1). */
  introspection?: boolean;
}

export interface App {
  yoga: ReturnType<typeof createYoga<ServerContext, RequestContext>>;
  hub: ChangeHub;
  scopes: ScopeCache;
  /** Every socket open here, by the session that opened it: closed when that session ends. */
  sessions: SessionSockets;
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

export async function createApp({
  db,
  staticDir,
  trustProxy = false,
  sfu = unavailableSfu,
  meshMax = DEFAULT_MESH_MAX,
  ice = { iceServers: [], turn: undefined },
  introspection = false,
}: AppOptions): Promise<App> {
  const addressOf = (req: IncomingMessage): string => clientAddress(nodeHeaders(req), req.socket.remoteAddress, trustProxy);
  const hub = new ChangeHub(db);
  const scopes = new ScopeCache(db);
  await hub.start();
  const sessions = new SessionSockets(db, hub);
  const calls = { sfu, meshMax, ice };
  let peers: PeerSignalling | null = null;
  const yoga = createYoga<ServerContext, RequestContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    graphiql: false,
    landingPage: false,
    // One origin for the app and its API: no cross-origin access at all (api/http/origin.ts).
    cors: false,
    multipart: false,
    logging: process.env.PARTA_LOG === 'debug' ? 'debug' : 'warn',
    // Errors thrown by our resolvers carry their own message; anything else is masked.
    maskedErrors: true,
    context: (initial) => {
      const server = initial as typeof initial & ServerContext & { wsRequest?: IncomingMessage };
      // Over the WebSocket there is no Fetch request, only the upgrade's IncomingMessage.
      const request = server.wsRequest ? nodeRequestLike(server.wsRequest) : initial.request;
      const address = server.wsRequest ? addressOf(server.wsRequest) : server.clientAddress;
      return buildContext({ db, hub, scopes, calls }, request, { ...server, ...(address ? { clientAddress: address } : {}) });
    },
    // Bodies over the cap are refused with 413 before they are parsed (api/http/body-limit.ts).
    maxRequestBodySize: GRAPHQL_BODY_MAX_BYTES,
    plugins: [ownOriginPlugin(trustProxy), setCookiePlugin, badRequestPlugin, socketOnlySubscriptionsPlugin, ...requestLimitPlugins({ db, introspection }), useContentEncoding()],
  });

  const serveStatic = staticDir ? createStaticHandler(staticDir) : null;
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MESSAGE_MAX_BYTES });
  // The sync stream over graphql-ws, through Yoga's envelop (same plugins and error masking as
  // HTTP). Only subscriptions: queries and mutations go over HTTP. graphql-ws pings every 12 s,
  // which keeps idle streams alive through proxies and finds dead peers.
  const wsServer = useServer<Record<string, unknown>, { request: IncomingMessage; socket: WebSocket }>(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args) as never,
      onSubscribe: async (ctx, _id, params) => {
        const { request, socket } = ctx.extra;
        const retryLater = (): void => socket.close(1013, 'Try again later');
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          params,
          wsRequest: request,
          onStreamFailure: retryLater,
        });
        let document;
        try {
          document = parse(params.query);
        } catch (e) {
          return [createGraphQLError((e as Error).message)];
        }
        const errors = validate(schema, document);
        if (errors.length) return errors;
        if (getOperationAST(document, params.operationName)?.operation !== 'subscription') {
          return [createGraphQLError('Only subscriptions go over the WebSocket; use HTTP POST /graphql.')];
        }
        let contextValue;
        try {
          contextValue = await contextFactory();
        } catch (e) {
          // Most likely the database is briefly unavailable: close with a code the client retries.
          console.error('[sync] websocket context failed:', e);
          retryLater();
          return [createGraphQLError('Try again later')];
        }
        // Every stream needs a session; answer with an error message (not a result) so clients see it as one.
        if (!(contextValue as RequestContext).session) return [userError((contextValue as RequestContext).lang, 'UNAUTHENTICATED')];
        return {
          schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue,
          rootValue: { execute, subscribe },
        };
      },
    },
    wss,
    12_000,
  );

  return {
    yoga,
    hub,
    scopes,
    sessions,
    handleHttp(req, res) {
      setSecurityHeaders(req, res, trustProxy);
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (peers && path.startsWith(PEER_PATH)) {
        peers.handleHttp(req, res);
        return;
      }
      if (path === '/graphql' || !serveStatic) {
        const serverContext: ServerContext = { setCookies: [], clientAddress: addressOf(req) };
        void yoga.handle(req, res, serverContext);
        return;
      }
      serveStatic(req, res);
    },
    attachWebSockets(server) {
      const signalling = (peers ??= createPeerSignalling(server, db, hub, sessions, trustProxy));
      // Route upgrades ourselves: a WebSocket server given the HTTP server would answer (and break)
      // the others' upgrades. Anything not listed here is dropped.
      server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        // The checks below await the database; a client vanishing meanwhile must not crash the process.
        socket.on('error', () => socket.destroy());
        const path = (req.url ?? '').split('?')[0];
        if (path !== '/graphql' && path !== PEER_SOCKET_PATH && path !== SFU_PATH) {
          socket.destroy();
          return;
        }
        // Browsers send cookies on cross-site WebSocket handshakes and no CORS protects the answer:
        // accept only our own pages, by the same rule as HTTP (clients without an Origin are not browsers).
        if (!fromOwnOrigin({ headers: nodeHeaders(req), tls: isTls(req) }, trustProxy)) {
          refuse(socket, 403);
          return;
        }
        if (path === '/graphql') {
          wss.handleUpgrade(req, socket, head, (ws) => {
            // The cookie at the upgrade is the session of every stream on this socket.
            const tokenHash = sessionHashOfCookie(req.headers.cookie);
            if (tokenHash) sessions.holdSocket(tokenHash, ws);
            wss.emit('connection', ws, req);
          });
          return;
        }
        void (async () => {
          if (path === PEER_SOCKET_PATH) {
            const holder = await peerTicketHolder(db, req);
            if (holder) signalling.handleUpgrade(req, socket, head, holder);
            else refuse(socket, 403);
            return;
          }
          if (!sfu.available) {
            refuse(socket, 503);
            return;
          }
          const seat = await sfuSeatOf(db, req);
          if (!seat) {
            refuse(socket, 403);
            return;
          }
          sfu.proxyUpgrade(req, socket, head, { ...seat, watch: seatWatch(db, hub, sessions, seat) });
        })().catch((error: unknown) => {
          console.error('[calls] upgrade check failed:', error);
          refuse(socket, 503);
        });
      });
    },
    async close() {
      peers?.close();
      await wsServer.dispose();
      for (const client of wss.clients) client.terminate();
      wss.close();
      sessions.dispose();
      await hub.stop();
    },
  };
}

interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
}

function nodeRequestLike(req: IncomingMessage): RequestLike {
  return { headers: nodeHeaders(req), url: req.url ?? '/' };
}

const STATUS_TEXT: Record<number, string> = { 403: 'Forbidden', 503: 'Service Unavailable' };

function refuse(socket: Duplex, status: 403 | 503): void {
  if (!socket.destroyed) socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\n\r\n`);
}
