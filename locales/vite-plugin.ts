/**
 * The client's view of locales/, built from the folder itself: `virtual:parta-catalogs` exports each
 * language's own name and a loader per `<lang>/<namespace>`, so a language is added by adding its
 * folder — no list in code (the server reads the same folder, api/i18n/messages.ts).
 *
 * Loading units: the namespaces of the first screen are one chunk per language
 * (`<lang>/first`, default export `{ namespace: words }`): ten small chunks, each compressed on its
 * own and each a separate entry in the loader table, cost more than a kilobyte of the first load.
 * Every other namespace is its own chunk.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

export const CATALOGS_MODULE = 'virtual:parta-catalogs';
const FIRST = new RegExp(`^\0${CATALOGS_MODULE}/([^/]+)/first$`);

export interface CatalogsPluginOptions {
  /** The folder holding `<lang>/<namespace>.json`. */
  dir: string;
  /** Namespaces the first screen needs, loaded as one chunk. */
  firstScreen: readonly string[];
  /** Namespaces only the server words: never shipped to the browser. */
  serverOnly: readonly string[];
}

const languagesIn = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
const namespacesIn = (dir: string, lang: string): string[] =>
  fs
    .readdirSync(path.join(dir, lang))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();

/** The chunk file of a catalog module (assets/locales/<lang>/<namespace or first>-<hash>.js), or null. */
export function catalogChunkFile(facadeModuleId: string | null): string | null {
  const [, lang, ns] = FIRST.exec(facadeModuleId ?? '') ?? /\/locales\/([^/]+)\/([^/]+)\.json$/.exec(facadeModuleId ?? '') ?? [];
  if (!lang) return null;
  return `assets/locales/${lang}/${ns ?? 'first'}-[hash].js`;
}

export function catalogsPlugin({ dir, firstScreen, serverOnly }: CatalogsPluginOptions): Plugin {
  const json = (lang: string, ns: string): string => JSON.stringify(path.join(dir, lang, `${ns}.json`));
  return {
    name: 'parta-catalogs',
    resolveId: (id) => (id === CATALOGS_MODULE || id.startsWith(`${CATALOGS_MODULE}/`) ? `\0${id}` : null),
    load(id) {
      if (id === `\0${CATALOGS_MODULE}`) {
        const names: Record<string, string> = {};
        const loaders: string[] = [];
        for (const lang of languagesIn(dir)) {
          this.addWatchFile(path.join(dir, lang));
          // Each language names itself: the language switch shows every name without loading a catalog.
          const own = JSON.parse(fs.readFileSync(path.join(dir, lang, 'languages.json'), 'utf8')) as Record<string, string>;
          names[lang] = own[lang] ?? lang;
          loaders.push(`${JSON.stringify(`${lang}/first`)}: () => import(${JSON.stringify(`${CATALOGS_MODULE}/${lang}/first`)})`);
          for (const ns of namespacesIn(dir, lang)) {
            if (ns === 'languages' || firstScreen.includes(ns) || serverOnly.includes(ns)) continue;
            loaders.push(`${JSON.stringify(`${lang}/${ns}`)}: () => import(${json(lang, ns)})`);
          }
        }
        return `export const names = ${JSON.stringify(names)};\nexport const loaders = {\n${loaders.join(',\n')}\n};\n`;
      }
      const lang = FIRST.exec(id)?.[1];
      if (!lang) return null;
      const present = firstScreen.filter((ns) => fs.existsSync(path.join(dir, lang, `${ns}.json`)));
      return [...present.map((ns, i) => `import n${i} from ${json(lang, ns)};`), `export default { ${present.map((ns, i) => `${JSON.stringify(ns)}: n${i}`).join(', ')} };`].join('\n');
    },
  };
}
