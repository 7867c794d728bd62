/**
 * Request bodies are capped before anything parses them. POST /graphql: Yoga refuses a
 * Content-Length over GRAPHQL_BODY_MAX_BYTES and counts a chunked body as it streams in, erroring
 * at the cap before the JSON parser sees it (its `maxRequestBodySize`, set in api/app.ts); this
 * plugin words that 413 in the person's language. A body over PUBLIC_BODY_MAX_BYTES, or of unknown
 * length, is read only for a valid session: parsing megabytes of JSON takes the process a while,
 * and nobody signed out has a reason to send them. WebSocket messages are capped by `maxPayload`.
 */
import type { Plugin } from 'graphql-yoga';
import { SESSION_COOKIE } from '../../sync/index.ts';
import { findSession, readCookie } from './sessions.ts';
import type { Queryable } from '../db/database.ts';
import { requestLanguage } from './context.ts';
import { userError } from './errors.ts';
import { GRAPHQL_BODY_MAX_BYTES, PUBLIC_BODY_MAX_BYTES } from './limits.ts';

export function bodyLimitPlugin(db: Queryable): Plugin {
  return {
    async onRequestParse({ request }) {
      if (request.method === 'GET' || request.method === 'HEAD') return;
      const length = request.headers.get('content-length');
      if (length !== null && /^\d+$/.test(length) && Number(length) <= PUBLIC_BODY_MAX_BYTES) return;
      const session = await findSession(db, readCookie(request.headers.get('cookie'), SESSION_COOKIE));
      if (!session) throw userError(requestLanguage(request), 'UNAUTHENTICATED');
    },
    onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result) return;
      if (!result.errors?.some((e) => e.extensions?.code === 'REQUEST_ENTITY_TOO_LARGE')) return;
      setResult({ errors: [userError(requestLanguage(request), 'REQUEST_TOO_LARGE', { max: GRAPHQL_BODY_MAX_BYTES / 2 ** 20 })] });
    },
  };
}
