import { brotliCompressSync, gzipSync } from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { FIRST_SCREEN_NAMESPACES } from './client/i18n/catalogs.ts';
import { catalogChunkFile, catalogsPlugin } from './locales/vite-plugin.ts';
// The install name and description are user-visible too: they come from the source language.
import app from './locales/ru/app.json' with { type: 'json' };

/** Fills `%app.name%`-style placeholders in index.html from locales/ru/app.json. */
function localizedHtml(): Plugin {
  return {
    name: 'parta-localized-html',
    transformIndexHtml: (html) =>
      html.replace(/%app\.(\w+)%/g, (_, key: string) => (app as Record<string, string>)[key] ?? `%app.${key}%`),
  };
}

/** Writes .br and .gz beside every text asset, so the server sends compressed files without compressing per request. */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'parta-precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|json|svg|webmanifest|txt)$/.test(file)) continue;
        const data = fs.readFileSync(file);
        if (data.length < 1024) continue;
        fs.writeFileSync(`${file}.br`, brotliCompressSync(data));
        fs.writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: 'client',
  publicDir: '../public',
  resolve: {
    // wouter imports a shim of useSyncExternalStore for React < 18; React 18 has the hook itself.
    alias: [{ find: /^use-sync-external-store\/shim(\/index\.js)?$/, replacement: path.resolve(import.meta.dirname, 'client/shared/use-sync-external-store-shim.ts') }],
  },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      output: {
        // Everything the first screen needs in one chunk (with the entry): split by which lazy parts
        // also use them (calls, journal, privacy), they fell into many small chunks, each compressed
        // on its own. Lazy chunks then import the entry's chunk; its top-level await waits only for
        // the locale chunk, which imports nothing, so no lazy chunk is ever awaited half-started.
        codeSplitting: { groups: [{ name: 'shell', tags: ['$initial'] }] },
        // A catalog keeps its place, assets/locales/<lang>/<namespace or `first`>-<hash>.js, so the
        // service worker can tell the source language (precached) from the others (see below).
        chunkFileNames: (chunk) => catalogChunkFile(chunk.facadeModuleId) ?? 'assets/[name]-[hash].js',
      },
    },
  },
  plugins: [
    react(),
    localizedHtml(),
    // The server's own namespaces (api/: refusals of pushed documents, request limits) stay there.
    catalogsPlugin({ dir: path.resolve(import.meta.dirname, 'locales'), firstScreen: FIRST_SCREEN_NAMESPACES, serverOnly: ['push', 'limits', 'request'] }),
    VitePWA({
      // The app shows its own «new version» prompt (client/pwa/), so nothing is injected.
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: app.fullName,
        short_name: app.name,
        description: app.description,
        lang: 'ru',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1f5fbf',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // Manifest icons are added by the plugin itself.
        globPatterns: ['**/*.{js,css,html}'],
        // Languages are left out of the precache (as Excalidraw does), so that each added language
        // does not grow every install and update: a catalog is cached when first used (below). The
        // source language stays precached: it is the fallback (client/i18n/catalogs.ts), so a
        // namespace another language cannot have offline — say, one whose words changed in an
        // update — still shows words, in Russian.
        manifestTransforms: [
          (entries) => ({ manifest: entries.filter((e) => !/^assets\/locales\//.test(e.url) || e.url.startsWith('assets/locales/ru/')), warnings: [] }),
        ],
        // Catalog chunks are content-hashed: a cached one is never stale, so the cache answers first.
        runtimeCaching: [
          {
            urlPattern: ({ url }) => url.pathname.startsWith('/assets/locales/'),
            handler: 'CacheFirst',
            options: { cacheName: 'parta-locales', expiration: { maxEntries: 300 } },
          },
        ],
        // Every app address (/diary/…, /calls/…, /lessons, /privacy) opens the app shell, offline too;
        // never the API, the call signalling, or a file: a dot in the path's last segment (workbox
        // tests path and query together), as api/http/static.ts tells files from app paths.
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/graphql/, /^\/peerjs/, /^\/sfu/, /^[^?]*\/[^/?]*\.[^/?]*(\?|$)/],
        clientsClaim: true,
        cleanupOutdatedCaches: true,
      },
    }),
    precompress(),
  ],
});
