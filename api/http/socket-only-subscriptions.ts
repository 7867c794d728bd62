import type { Plugin } from 'graphql-yoga';
import type { RequestContext } from './context.ts';
import { userError } from './errors.ts';

/**
 * Subscriptions run only on the WebSocket, where the socket is held for its session and closed the
 * moment the session ends (api/http/session-sockets.ts). Yoga would also serve them over HTTP
 * (server-sent events), and such a stream, held by nothing, would outlive a sign-out.
 */
export const socketOnlySubscriptionsPlugin: Plugin<RequestContext> = {
  onSubscribe({ args, setResultAndStopExecution }) {
    const ctx = args.contextValue as Partial<RequestContext> & { wsRequest?: unknown };
    if (ctx.wsRequest) return;
    setResultAndStopExecution({ errors: [userError(ctx.lang ?? 'ru', 'BAD_REQUEST', { detail: 'subscriptions go over the WebSocket' })] });
  },
};
