import type { IncomingMessage, ServerResponse } from 'node:http';
import { cameOverHttps, isTls, nodeHeaders } from './forwarded.ts';

/**
 * Everything comes from our own origin (SPEC: one origin, no third-party hosts), so the policy
 * can be strict. `connect-src 'self'` covers the same-origin WebSocket in current browsers.
 */
export const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Permissions-Policy': 'geolocation=()',
};

/**
 * Over https, browsers are told to use nothing else for a year (a downgrade to http would expose
 * the session cookie to the network). Not `includeSubDomains`: sibling hosts of a school's domain
 * need not be ours. Never over plain http, where it would mean nothing and could be spoofed.
 */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

/** Puts the headers on every response of the Node server; HSTS only when the browser came over https. */
export function setSecurityHeaders(req: IncomingMessage, res: ServerResponse, trustProxy: boolean): void {
  for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
  if (cameOverHttps(nodeHeaders(req), isTls(req), trustProxy)) res.setHeader('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
}
