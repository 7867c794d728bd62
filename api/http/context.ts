import { SESSION_COOKIE } from '../../sync/index.ts';
import { findSession, readCookie, type SessionUser } from './sessions.ts';
import type { Db } from '../db/database.ts';
import { pickLanguage, type Lang } from '../i18n/messages.ts';
import type { Scope } from '../sync/scope.ts';
import type { ScopeCache } from '../sync/scope-cache.ts';
import type { ChangeHub } from '../sync/change-hub.ts';
import { userError } from './errors.ts';

/** What the HTTP layer hands Yoga per request (absent when a test calls `yoga.fetch`). */
export interface ServerContext {
  /** Set-Cookie values the response must carry. */
  setCookies?: string[];
  clientAddress?: string;
  /**
   * On the WebSocket: ends the connection in a way the client retries (a database hiccup must not
   * end live updates for good, nor look like a signed-out session).
   */
  onStreamFailure?: (() => void) | undefined;
}

/**
 * What the process hands every request. Domains that need more of the process add it here by
 * augmenting this interface next to their own type (api/calls/deps.ts adds `calls`), so this kit
 * imports no domain.
 */
export interface AppDeps {
  db: Db;
  hub: ChangeHub;
  scopes: ScopeCache;
}

export interface RequestContext extends AppDeps {
  lang: Lang;
  session: SessionUser | null;
  clientAddress: string;
  userAgent: string | null;
  /** Set the Secure flag on cookies: only when the browser reached us over https. */
  secureCookies: boolean;
  setCookie(cookie: string): void;
  onStreamFailure?: (() => void) | undefined;
  /** The documents this person may see (from the process's scope cache), once per request. */
  scope(): Promise<Scope>;
}

export interface RequestLike {
  headers: { get(name: string): string | null };
  url: string;
}

/** The language a request asks for (see pickLanguage). */
export function requestLanguage(request: RequestLike): Lang {
  return pickLanguage(readCookie(request.headers.get('cookie'), 'parta_lang'), request.headers.get('accept-language'));
}

export async function buildContext(deps: AppDeps, request: RequestLike, server: ServerContext): Promise<RequestContext> {
  const cookieHeader = request.headers.get('cookie');
  const session = await findSession(deps.db, readCookie(cookieHeader, SESSION_COOKIE));
  const setCookies = server.setCookies ?? [];
  const protocol = request.headers.get('x-forwarded-proto') ?? new URL(request.url, 'http://localhost').protocol;
  let scope: Promise<Scope> | null = null;
  return {
    ...deps,
    lang: requestLanguage(request),
    session,
    clientAddress: server.clientAddress ?? 'local',
    userAgent: request.headers.get('user-agent'),
    secureCookies: protocol.startsWith('https'),
    setCookie: (cookie) => setCookies.push(cookie),
    onStreamFailure: server.onStreamFailure,
    scope: () => {
      if (!session) throw new Error('scope() needs a session');
      scope ??= deps.scopes.get(session.userId);
      return scope;
    },
  };
}

/** The signed-in person's id, or UNAUTHENTICATED: the first line of every resolver that needs one. */
export function requireUser(ctx: RequestContext): string {
  if (!ctx.session) throw userError(ctx.lang, 'UNAUTHENTICATED');
  return ctx.session.userId;
}
