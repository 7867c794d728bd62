import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';

/**
 * Serves the built PWA. Hashed assets are cached for a year; the shell, the service worker and
 * the manifest are revalidated so an update is found. Precompressed `.br`/`.gz` files written at
 * build time are preferred (see vite.config.ts), so nothing is compressed per request.
 */
export function createStaticHandler(dir: string): (req: IncomingMessage, res: ServerResponse) => void {
  const serve = sirv(dir, {
    // The app's addresses (/diary/week/…, /calls/…, /privacy) are paths the client routes: any path
    // that is no file gets index.html, unless its last segment has an extension — a missing file (an old
    // chunk, an icon) is a 404, never the app. The service worker draws the same line offline
    // (navigateFallbackDenylist in vite.config.ts).
    single: true,
    brotli: true,
    gzip: true,
    etag: true,
    setHeaders(res, pathname) {
      if (pathname.startsWith('/assets/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      else res.setHeader('Cache-Control', 'no-cache');
    },
  });
  return (req, res) =>
    serve(req, res, () => {
      res.statusCode = 404;
      res.end();
    });
}
