import { brotliCompressSync, gzipSync } from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
// The install name and description are user-visible too: they come from the source language.
import ru from './locales/ru.json' with { type: 'json' };

/** Fills `%app.name%`-style placeholders in index.html from locales/ru.json. */
function localizedHtml(): Plugin {
  return {
    name: 'parta-localized-html',
    transformIndexHtml: (html) =>
      html.replace(/%app\.(\w+)%/g, (_, key: string) => (ru.app as Record<string, string>)[key] ?? `%app.${key}%`),
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
        // Locale chunks get a recognisable name: only the source language is precached (see below).
        // A lazily loaded part's strings (locales/<part>/) are named after the part: locale-calls-ru-….
        chunkFileNames: (chunk) => {
          const locale = /\/locales\/(?:(\w+)\/)?\w+\.json$/.exec(chunk.facadeModuleId ?? '');
          if (!locale) return 'assets/[name]-[hash].js';
          return locale[1] ? `assets/locale-${locale[1]}-[name]-[hash].js` : 'assets/locale-[name]-[hash].js';
        },
      },
    },
  },
  plugins: [
    react(),
    localizedHtml(),
    VitePWA({
      // The app shows its own «new version» prompt (client/pwa/), so nothing is injected.
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: ru.app.fullName,
        short_name: ru.app.name,
        description: ru.app.description,
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
        // Every language is precached (about 2 KB gzip each): a person who chose Tatar must get a
        // Tatar app on an offline start right after an update, when no runtime cache has it yet.
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
