/**
 * What the browser's request looked like before a reverse proxy: its address, scheme and host.
 *
 * Any client can send X-Forwarded-* headers, so they are read only with `trustProxy`
 * (PARTA_TRUST_PROXY=1: exactly one proxy of ours in front), and then only the LAST entry of a
 * list: a proxy appends the address it saw to whatever X-Forwarded-For the client sent, so every
 * entry before the last one is the client's own word. Reading the first entry (the usual
 * «leftmost» rule) would let an attacker choose the address the sign-in limits count against.
 */
import type { IncomingMessage } from 'node:http';

export interface HeaderReader {
  get(name: string): string | null;
}

/** The headers of a Node request, read like a Fetch request's. */
export function nodeHeaders(req: IncomingMessage): HeaderReader {
  return {
    get(name) {
      const value = req.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** The connection to this process is TLS (a Node request; Fetch requests say it in their URL). */
export function isTls(req: IncomingMessage): boolean {
  return (req.socket as { encrypted?: boolean }).encrypted === true;
}

/** The entry our own proxy wrote: the last of a comma-separated list. */
function lastEntry(value: string | null): string | undefined {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries[entries.length - 1];
}

/** The address of the browser: the trusted proxy's last X-Forwarded-For entry, else the socket's peer. */
export function clientAddress(headers: HeaderReader, socketAddress: string | undefined, trustProxy: boolean): string {
  const forwarded = trustProxy ? lastEntry(headers.get('x-forwarded-for')) : undefined;
  return forwarded || socketAddress || 'unknown';
}

/** The scheme the browser used, when the trusted proxy says it; undefined otherwise. */
export function forwardedScheme(headers: HeaderReader, trustProxy: boolean): 'http' | 'https' | undefined {
  if (!trustProxy) return undefined;
  const proto = lastEntry(headers.get('x-forwarded-proto'))?.toLowerCase();
  return proto === 'http' || proto === 'https' ? proto : undefined;
}

/** The host the browser addressed: the trusted proxy's X-Forwarded-Host, else Host. */
export function requestHost(headers: HeaderReader, trustProxy: boolean): string | undefined {
  return (trustProxy ? lastEntry(headers.get('x-forwarded-host')) : undefined) || headers.get('host') || undefined;
}

/** The browser reached us over https: TLS to this process, or a trusted proxy that says so. */
export function cameOverHttps(headers: HeaderReader, tls: boolean, trustProxy: boolean): boolean {
  return tls || forwardedScheme(headers, trustProxy) === 'https';
}
