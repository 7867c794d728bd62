/**
 * The graphql-ws gateway: live streams (the sync stream, call rooms) over one WebSocket, through
 * Yoga's envelop, so the same plugins, limits and error masking apply as over HTTP. Only
 * subscriptions: queries and mutations go over HTTP. graphql-ws pings every 12 s, which keeps idle
 * streams alive through proxies and finds dead peers. The app registers `upgrade` in the upgrade
 * table under /graphql.
 */
import type { IncomingMessage } from 'node:http';
import { getOperationAST, type ExecutionArgs } from 'graphql';
import { createGraphQLError, type YogaServerInstance } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { log } from '../shared/log.ts';
import type { RequestContext, ServerContext } from './context.ts';
import { userError } from './errors.ts';
import { WS_MESSAGE_MAX_BYTES } from './limits.ts';
import type { UpgradeHandler } from './upgrades.ts';

const logger = log('graphql-ws');
const KEEP_ALIVE_MS = 12_000;

export interface GraphqlWsGateway {
  upgrade: UpgradeHandler;
  close(): Promise<void>;
}

interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
}

/**
 * `onSocket` hears of every accepted socket with its upgrade request (the app ties it to the
 * session of the cookie, so signing out closes it).
 */
export function createGraphqlWsGateway(
  yoga: YogaServerInstance<ServerContext, RequestContext>,
  onSocket: (ws: WebSocket, req: IncomingMessage) => void,
): GraphqlWsGateway {
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MESSAGE_MAX_BYTES });
  const server = useServer<Record<string, unknown>, { request: IncomingMessage; socket: WebSocket }>(
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
          // The syntax error goes back to the client as the answer; nothing failed here.
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
        } catch (error) {
          // Most likely the database is briefly unavailable: close with a code the client retries.
          logger.error('websocket context failed', { error });
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
    KEEP_ALIVE_MS,
  );
  return {
    upgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        onSocket(ws, req);
        wss.emit('connection', ws, req);
      });
    },
    async close() {
      await server.dispose();
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
