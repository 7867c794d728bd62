/**
 * First load of the diary: the bytes a browser must fetch before a signed-in person's diary renders —
 * the entry module, everything it imports statically, the Russian catalogs of the first screen (i18n
 * awaits them before the first render), the data-layer chunk (RxDB; the sign-in page does without it) and the
 * stylesheets — read from the built dist/. Run alone with `--check` to fail
 * (exit 1) over the budget.
 */
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { parseAst } from 'vite';
import type { BenchOutcome } from './outcome.ts';
import { int, kb, markdownTable } from './table.ts';

export const DIST_DIR = path.resolve(import.meta.dirname, '../../dist');
/** Compressed JavaScript on the wire before the first render. */
export const GZIP_JS_BUDGET = 170 * 1024;

type Kind = 'js' | 'css';

/** Lazily imported chunks that are still on the way to a rendered diary. */
const DIARY_NEEDS: readonly [RegExp, string][] = [
  // The Russian namespaces initI18n() awaits, one chunk (locales/vite-plugin.ts); the others load later.
  [/locales\/ru\/first-[\w-]+\.js/g, 'first screen’s catalogs'],
  [/data-session-[\w-]+\.js/g, 'data layer'],
];

export interface AssetSize {
  /** Path under dist/, e.g. `assets/index-abc.js`. */
  file: string;
  kind: Kind;
  /** Why it is on the critical path. */
  via: string;
  raw: number;
  gzip: number;
  brotli: number;
}

export interface Totals {
  raw: number;
  gzip: number;
  brotli: number;
}

export interface FirstLoad {
  assets: AssetSize[];
  js: Totals;
  css: Totals;
  /** JS chunks in dist/assets that the first load does not fetch (lazy chunks, other locales). */
  later: { file: string; gzip: number }[];
}

/** `<script …>` and `<link …>` start tags with their attributes; Vite's index.html is simple enough for this. */
function startTags(html: string): { tag: string; attrs: Map<string, string> }[] {
  const tags: { tag: string; attrs: Map<string, string> }[] = [];
  for (const m of html.matchAll(/<(script|link)\b([^>]*)>/gi)) {
    const attrs = new Map<string, string>();
    for (const a of (m[2] ?? '').matchAll(/([^\s=/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
      attrs.set((a[1] ?? '').toLowerCase(), a[2] ?? a[3] ?? a[4] ?? '');
    }
    tags.push({ tag: (m[1] ?? '').toLowerCase(), attrs });
  }
  return tags;
}

/** A URL from the page or a chunk → a file under dist/. Anything off-origin is an error: the app has one origin. */
function toDistFile(distDir: string, url: string, fromFile: string): string {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url)) throw new Error(`first load references another origin: ${url}`);
  const clean = url.split(/[?#]/)[0] ?? url;
  const abs = clean.startsWith('/') ? path.join(distDir, clean) : path.resolve(path.dirname(path.join(distDir, fromFile)), clean);
  const rel = path.relative(distDir, abs);
  if (rel.startsWith('..')) throw new Error(`${url} (from ${fromFile}) points outside dist/`);
  if (!fs.existsSync(abs)) throw new Error(`${url} (from ${fromFile}) is not in dist/ — is the build stale?`);
  return rel.split(path.sep).join('/');
}

/** Static `import … from`, `import '…'` and `export … from` of a built chunk (dynamic import() excluded). */
function staticImports(code: string, file: string): string[] {
  const program = parseAst(code, { lang: 'js' }, file);
  const sources: string[] = [];
  for (const node of program.body) {
    if ((node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || node.type === 'ExportNamedDeclaration') && node.source) {
      sources.push(String(node.source.value));
    }
  }
  return sources;
}

/** Uses the .gz/.br written at build time when present (what the server sends), else compresses the same way. */
function compressedSize(distDir: string, file: string, data: Buffer, ext: 'gz' | 'br'): number {
  const prebuilt = path.join(distDir, `${file}.${ext}`);
  if (fs.existsSync(prebuilt)) return fs.statSync(prebuilt).size;
  return ext === 'gz' ? gzipSync(data, { level: 9 }).length : brotliCompressSync(data).length;
}

export function measureFirstLoad(distDir: string = DIST_DIR): FirstLoad {
  const indexPath = path.join(distDir, 'index.html');
  if (!fs.existsSync(indexPath)) throw new Error(`${indexPath} is missing: run npm run build first`);
  const html = fs.readFileSync(indexPath, 'utf8');

  const found = new Map<string, { kind: Kind; via: string }>();
  const queue: string[] = [];
  const addJs = (file: string, via: string): void => {
    if (found.has(file)) return;
    found.set(file, { kind: 'js', via });
    queue.push(file);
  };

  for (const { tag, attrs } of startTags(html)) {
    const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
    if (tag === 'script' && attrs.get('type') === 'module' && attrs.has('src')) addJs(toDistFile(distDir, attrs.get('src')!, 'index.html'), 'entry');
    else if (tag === 'link' && rel.includes('modulepreload') && attrs.has('href')) addJs(toDistFile(distDir, attrs.get('href')!, 'index.html'), 'modulepreload');
    else if (tag === 'link' && rel.includes('stylesheet') && attrs.has('href')) {
      found.set(toDistFile(distDir, attrs.get('href')!, 'index.html'), { kind: 'css', via: 'stylesheet' });
    }
  }
  if (queue.length === 0) throw new Error('dist/index.html has no <script type="module" src>');

  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const code = fs.readFileSync(path.join(distDir, file), 'utf8');
    for (const source of staticImports(code, file)) addJs(toDistFile(distDir, source, file), `import from ${path.basename(file)}`);
    // Dynamic imports the diary cannot render without: the Russian catalog (initI18n() awaits it
    // before React renders) and the data layer (RxDB; the diary reads only the device database).
    for (const [pattern, why] of DIARY_NEEDS) {
      for (const m of code.matchAll(pattern)) addJs(toDistFile(distDir, m[0], file), `${why} (from ${path.basename(file)})`);
    }
  }
  for (const [pattern] of DIARY_NEEDS) {
    const name = new RegExp(`(^|/)${pattern.source}$`);
    if (![...found.keys()].some((f) => name.test(f))) throw new Error(`no chunk of the first load references ${pattern.source}: has the chunk naming changed?`);
  }

  // JS before CSS, each in discovery order (entry first).
  const ordered = [...found].sort((a, b) => (a[1].kind === b[1].kind ? 0 : a[1].kind === 'js' ? -1 : 1));
  const assets: AssetSize[] = ordered.map(([file, { kind, via }]) => {
    const data = fs.readFileSync(path.join(distDir, file));
    return { file, kind, via, raw: data.length, gzip: compressedSize(distDir, file, data, 'gz'), brotli: compressedSize(distDir, file, data, 'br') };
  });
  const total = (kind: Kind): Totals =>
    assets
      .filter((a) => a.kind === kind)
      .reduce((t, a) => ({ raw: t.raw + a.raw, gzip: t.gzip + a.gzip, brotli: t.brotli + a.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  // Listed, not counted: a lazy chunk the diary needs right after sign-in still costs a returning user.
  const assetsDir = path.join(distDir, 'assets');
  const later = (fs.existsSync(assetsDir) ? fs.readdirSync(assetsDir) : [])
    .filter((name) => name.endsWith('.js') && !found.has(`assets/${name}`))
    .map((name) => {
      const file = `assets/${name}`;
      return { file, gzip: compressedSize(distDir, file, fs.readFileSync(path.join(distDir, file)), 'gz') };
    })
    .sort((a, b) => b.gzip - a.gzip);
  return { assets, js: total('js'), css: total('css'), later };
}

export function overBudgetMessage(result: FirstLoad): string | null {
  if (result.js.gzip <= GZIP_JS_BUDGET) return null;
  return `first-load JavaScript is ${int(result.js.gzip)} bytes gzip (${kb(result.js.gzip)}), over the budget of ${kb(GZIP_JS_BUDGET)} by ${int(result.js.gzip - GZIP_JS_BUDGET)} bytes`;
}

/** Throws when the first-load JavaScript is over budget; returns the measurement otherwise. */
export function checkFirstLoadBudget(distDir: string = DIST_DIR): FirstLoad {
  const result = measureFirstLoad(distDir);
  const over = overBudgetMessage(result);
  if (over) throw new Error(over);
  return result;
}

export function firstLoadMarkdown(result: FirstLoad): string {
  const sizes = (t: Totals): string[] => [`${int(t.raw)} (${kb(t.raw)})`, `${int(t.gzip)} (${kb(t.gzip)})`, `${int(t.brotli)} (${kb(t.brotli)})`];
  const rows = [
    ...result.assets.map((a) => [a.file, a.kind.toUpperCase(), a.via, ...sizes(a)]),
    ['**JS total**', 'JS', '', ...sizes(result.js)],
    ['**CSS total**', 'CSS', '', ...sizes(result.css)],
  ];
  const used = result.js.gzip / GZIP_JS_BUDGET;
  const verdict = overBudgetMessage(result) ? '**OVER BUDGET**' : 'within budget';
  return [
    '### First load of the diary (dist/)',
    '',
    markdownTable(['Asset', 'Kind', 'Why', 'Raw bytes', 'Gzip bytes', 'Brotli bytes'], rows, ['left', 'left', 'left', 'right', 'right', 'right']),
    '',
    `Budget: gzip JS ≤ ${kb(GZIP_JS_BUDGET)} (${int(GZIP_JS_BUDGET)} bytes) — ${kb(result.js.gzip)} used (${(used * 100).toFixed(1)}%), ${verdict}.`,
    'Gzip is zlib level 9 and brotli quality 11, read from the .gz/.br files the build writes where present. 1 KB = 1024 bytes.',
    ...(result.later.length
      ? [`Not in the first load (fetched later, not counted): ${result.later.map((l) => `${l.file} ${kb(l.gzip)} gzip`).join(', ')}.`]
      : []),
  ].join('\n');
}

export function runFirstLoad(distDir: string = DIST_DIR): BenchOutcome {
  const result = measureFirstLoad(distDir);
  const over = overBudgetMessage(result);
  return {
    title: 'First load',
    markdown: firstLoadMarkdown(result),
    summary: `first load ${kb(result.js.gzip)} gzip JS of ${kb(GZIP_JS_BUDGET)}${over ? ' (OVER)' : ''}`,
    ok: over === null,
  };
}

// Standalone: `node --import tsx tests/bench/first-load.ts [--check]`.
if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const result = measureFirstLoad();
  console.log(firstLoadMarkdown(result));
  const over = overBudgetMessage(result);
  if (process.argv.includes('--check') && over) {
    console.error(`\n${over}`);
    process.exitCode = 1;
  }
}
