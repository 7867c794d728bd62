/**
 * Only Parta's own pages may act with the person's cookie. The app and its API share one origin,
 * so no cross-origin access is ever needed: Yoga's CORS is off (it reflected any Origin with
 * credentials), and every request to /graphql — HTTP and the WebSocket handshake alike — passes
 * `fromOwnOrigin` before anything runs. SameSite=Lax is not enough on its own: a sibling
 * subdomain or another port of the same host is the «same site» and gets the cookie.
 */
import type { Plugin } from 'graphql-yoga';
import type { ErrorCode } from '../../sync/index.ts';
import { readCookie } from './sessions.ts';
import { pickLanguage, translate } from '../i18n/messages.ts';
import { HTTP_STATUS } from './errors.ts';
import { forwardedScheme, requestHost, type HeaderReader } from './forwarded.ts';

export const GRAPHQL_PATH = '/graphql';

/**
 * Request bodies /graphql takes: the JSON types Yoga parses (`application/graphql-response+json`
 * is a response type; Yoga refuses it as a body). Forms (urlencoded, multipart) and text/plain are
 * what a page on another origin can post without CORS asking us first.
 */
const JSON_BODIES = new Set(['application/json', 'application/graphql+json']);

export interface OriginRequest {
  headers: HeaderReader;
  /** The connection to this process is TLS. */
  tls: boolean;
  /** Host of the request URL, for requests without a Host header (`yoga.fetch` in tests). */
  urlHost?: string | undefined;
}

/**
 * The request comes from one of our own pages, or from no browser page at all.
 *
 * - `Sec-Fetch-Site` (every current browser sends it) must be `same-origin`. `same-site` is a
 *   sibling subdomain or another port; `cross-site` any other site. `none` is a request no page
 *   made: typed into the address bar, a bookmark, or a link opened from another app (a messenger,
 *   a mail client) — not the person's intent either, and the app never navigates to /graphql,
 *   so nothing legitimate is refused with it.
 * - `Origin`, when present, must be ours: scheme and host as the browser addressed us. The scheme
 *   is compared when known (TLS here, or a trusted proxy's X-Forwarded-Proto); a plain connection
 *   without a trusted proxy may be TLS terminated in front of us, so either scheme passes there.
 * - Neither header: not a browser (Node's fetch, curl, the e2e and bench clients, graphql-ws in
 *   Node). Such a client holds the cookie itself; no other site can make it send anything.
 */
export function fromOwnOrigin(req: OriginRequest, trustProxy: boolean): boolean {
  const site = req.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin') return false;
  const origin = req.headers.get('origin');
  if (origin === null) return true;
  let url: URL;
  try {
    url = new URL(origin); // `null` (sandboxed frames, some redirects) throws here: refused
  } catch {
    return false;
  }
  const scheme = url.protocol.slice(0, -1);
  if (scheme !== 'http' && scheme !== 'https') return false;
  const known = req.tls ? 'https' : forwardedScheme(req.headers, trustProxy);
  if (known && known !== scheme) return false;
  const host = requestHost(req.headers, trustProxy) ?? req.urlHost;
  if (!host) return false;
  try {
    // Parsed with the origin's scheme so that a default port written out (`:443`) compares equal.
    return new URL(`${scheme}://${host}`).host === url.host;
  } catch {
    return false;
  }
}

/** Why a request to /graphql is refused before it is parsed, or null when it may proceed. */
function refusalOf(request: Request, url: URL, trustProxy: boolean): ErrorCode | null {
  if (!fromOwnOrigin({ headers: request.headers, tls: url.protocol === 'https:', urlHost: url.host }, trustProxy)) return 'CROSS_ORIGIN';
  // The client sends every operation as a JSON POST (client/accounts/api.ts, RxDB replication,
  // the calls' keepalive leave); GET would only be a way around the body check.
  if (request.method !== 'POST') return 'METHOD_NOT_ALLOWED';
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!JSON_BODIES.has(mediaType)) return 'UNSUPPORTED_MEDIA_TYPE';
  return null;
}

/** Refuses, before Yoga parses anything, what another site could make a browser send to /graphql. */
export function ownOriginPlugin(trustProxy: boolean): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      // Yoga serves the endpoint with a trailing slash too.
      if (url.pathname !== GRAPHQL_PATH && url.pathname !== `${GRAPHQL_PATH}/`) return;
      const code = refusalOf(request, url, trustProxy);
      if (!code) return;
      const lang = pickLanguage(readCookie(request.headers.get('cookie'), 'parta_lang'), request.headers.get('accept-language'));
      const body = { errors: [{ message: translate(lang, `errors.${code}`), extensions: { code } }] };
      endResponse(
        new fetchAPI.Response(JSON.stringify(body), {
          status: HTTP_STATUS[code] ?? 400,
          headers: { 'content-type': 'application/json; charset=utf-8', ...(code === 'METHOD_NOT_ALLOWED' ? { allow: 'POST' } : {}) },
        }),
      );
    },
  };
}
