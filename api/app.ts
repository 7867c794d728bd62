/**
 * Wires Parta's server without opening a port: `yoga` answers `fetch`-style requests (tests call
 * `app.yoga.fetch()`), `handleHttp` serves GraphQL and the built PWA on a Node server, and
 * `attachWebSockets` routes that server's upgrades through the upgrade table, where the
 * graphql-ws gateway (live sync stream, call rooms; api/http/graphql-ws.ts) and the calls domain
 * (PeerJS, the SFU relay; api/calls/sockets.ts) registered their paths. `main.ts` starts it.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { useContentEncoding } from '@whatwg-node/server';
import { createYoga, type Plugin } from 'graphql-yoga';
import { SessionSockets } from './http/session-sockets.ts';
import { sessionHashOfCookie } from './http/sessions.ts';
import { DEFAULT_MESH_MAX } from './calls/deps.ts';
import type { IceSettings } from './calls/ice-servers.ts';
import { unavailableSfu, type Sfu } from './calls/sfu.ts';
import { createCallSockets } from './calls/sockets.ts';
import type { Db } from './db/database.ts';
import { badRequestPlugin } from './http/bad-request.ts';
import { buildContext, type RequestContext, type RequestLike, type ServerContext } from './http/context.ts';
import { clientAddress, nodeHeaders } from './http/forwarded.ts';
import { createGraphqlWsGateway } from './http/graphql-ws.ts';
import { ownOriginPlugin } from './http/origin.ts';
import { GRAPHQL_BODY_MAX_BYTES } from './http/limits.ts';
import { requestLimitPlugins } from './http/request-limits.ts';
import { createStaticHandler } from './http/static.ts';
import { setSecurityHeaders } from './http/security-headers.ts';
import { socketOnlySubscriptionsPlugin } from './http/socket-only-subscriptions.ts';
import { createUpgradeTable } from './http/upgrades.ts';
import { buildSchema } from './schema.ts';
import { log } from './shared/log.ts';
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
  const yoga = createYoga<ServerContext, RequestContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    graphiql: false,
    landingPage: false,
    // One origin for the app and its API: no cross-origin access at all (api/http/origin.ts).
    cors: false,
    multipart: false,
    logging: yogaLogging(),
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
  // Each domain's sockets go in the one upgrade table: the live streams (graphql-ws) and calls.
  const upgrades = createUpgradeTable(trustProxy);
  const gateway = createGraphqlWsGateway(yoga, (ws, req) => {
    // The cookie at the upgrade is the session of every stream on this socket.
    const tokenHash = sessionHashOfCookie(req.headers.cookie);
    if (tokenHash) sessions.holdSocket(tokenHash, ws);
  });
  upgrades.register('/graphql', gateway.upgrade);
  const callSockets = createCallSockets({ db, hub, sessions, sfu, trustProxy });

  return {
    yoga,
    hub,
    scopes,
    sessions,
    handleHttp(req, res) {
      setSecurityHeaders(req, res, trustProxy);
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (callSockets.handleHttp(req, res, path)) return;
      if (path === '/graphql' || !serveStatic) {
        const serverContext: ServerContext = { setCookies: [], clientAddress: addressOf(req) };
        void yoga.handle(req, res, serverContext);
        return;
      }
      serveStatic(req, res);
    },
    attachWebSockets(server) {
      callSockets.register(upgrades, server);
      upgrades.attach(server);
    },
    async close() {
      callSockets.close();
      await gateway.close();
      sessions.dispose();
      await hub.stop();
    },
  };
}

function nodeRequestLike(req: IncomingMessage): RequestLike {
  return { headers: nodeHeaders(req), url: req.url ?? '/' };
}

/**
 * Yoga's own lines (its warnings about requests, unexpected resolver errors before they are
 * masked, debug traces) through the server's logger; an error keeps its stack as a field.
 */
function yogaLogging(): { debug: LogFn; info: LogFn; warn: LogFn; error: LogFn } {
  const graphql = log('graphql');
  const text = (a: unknown): string => {
    if (typeof a === 'string') return a;
    try {
      return JSON.stringify(a);
    } catch {
      // A cycle: its type is all a log line can say about it.
      return Object.prototype.toString.call(a);
    }
  };
  const at =
    (write: (message: string, fields?: Record<string, unknown>) => void): LogFn =>
    (...args) => {
      const error = args.find((a) => a instanceof Error) as Error | undefined;
      const message = args.filter((a) => a !== error).map(text).join(' ');
      write(message || (error?.message ?? ''), error ? { error } : undefined);
    };
  return { debug: at(graphql.debug), info: at(graphql.info), warn: at(graphql.warn), error: at(graphql.error) };
}

type LogFn = (...args: unknown[]) => void;
