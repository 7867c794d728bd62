/**
 * Everything that keeps one request from taking the server down, as Yoga plugins (api/app.ts adds
 * them; the byte caps on bodies and WebSocket messages are options there). See limits.ts. Order
 * matters: every refusal comes before a request waits for its person's turn (session-turns.ts).
 */
import type { Plugin } from 'graphql-yoga';
import type { Queryable } from '../db/database.ts';
import type { RequestContext } from './context.ts';
import { beforeExecutionPlugin } from './before-execution.ts';
import { bodyLimitPlugin } from './body-limit.ts';
import { costLimitPlugin } from './cost-limit.ts';
import { introspectionOffPlugin } from './introspection.ts';
import { responseLimitPlugin } from './response-limit.ts';
import { sessionTurnsPlugin } from './session-turns.ts';
import { streamLargeAnswersPlugin } from './json-stream.ts';

export function requestLimitPlugins({ db, introspection }: { db: Queryable; introspection: boolean }): (Plugin | Plugin<RequestContext>)[] {
  return [bodyLimitPlugin(db), costLimitPlugin(), ...(introspection ? [] : [introspectionOffPlugin]), beforeExecutionPlugin, sessionTurnsPlugin(), responseLimitPlugin(), streamLargeAnswersPlugin];
}
