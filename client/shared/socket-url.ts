/**
 * The one WebSocket-URL builder of the client: every socket (the sync stream, a call's room, the
 * SFU relay, PeerJS) goes to the page's own server, encrypted exactly when the page is.
 */
type Page = Pick<Location, 'protocol' | 'host' | 'hostname' | 'port'>;

/** `ws(s)://<page host><path>`. */
export function pageSocketUrl(path: string, page: Page = location): string {
  return `${page.protocol === 'https:' ? 'wss:' : 'ws:'}//${page.host}${path}`;
}

/** The same endpoint in parts, for libraries that take host, port and `secure` apart (PeerJS). */
export function pageSocketEndpoint(page: Page = location): { host: string; port: number; secure: boolean } {
  const secure = page.protocol === 'https:';
  return { host: page.hostname, port: Number(page.port || (secure ? 443 : 80)), secure };
}
