/**
 * Server-side messages in the user's language, through i18next and the same locales/ files the
 * client uses, so an error reads the same whether the server or the client words it (plural forms
 * included: i18next picks `_one`/`_few`/`_many` by Intl.PluralRules, as on the client).
 *
 * Languages and namespaces are what the folder holds — `locales/<lang>/<namespace>.json` — so a
 * language is added by adding its folder. PARTA_LOCALES_DIR points elsewhere (tests add a
 * pseudo-language to a copy that way).
 */
import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type Resource } from 'i18next';

/** A language code: the name of a folder under locales/. */
export type Lang = string;
export const SOURCE_LANGUAGE = 'ru';

export interface Messages {
  languages: readonly Lang[];
  pickLanguage(cookieLang: string | undefined, acceptLanguage: string | null | undefined): Lang;
  translate(lang: Lang, key: string, params?: Record<string, string | number>): string;
}

/** Every `<lang>/<namespace>.json` under `dir`, as i18next resources. */
export function readCatalogs(dir: string): Resource {
  const resources: Resource = {};
  for (const lang of fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
    const files = fs.readdirSync(path.join(dir, lang)).filter((f) => f.endsWith('.json'));
    resources[lang] = Object.fromEntries(files.map((f) => [f.slice(0, -'.json'.length), JSON.parse(fs.readFileSync(path.join(dir, lang, f), 'utf8')) as object]));
  }
  return resources;
}

/**
 * The i18next options both sides share: a key's first segment is its namespace (its file), so
 * `t('errors.NETWORK')` reads `NETWORK` from `<lang>/errors.json` (i18next splits on the shared
 * separator only when the first segment is a known namespace, see `ns`).
 */
export const SHARED_OPTIONS = { nsSeparator: '.', keySeparator: '.', interpolation: { escapeValue: false }, showSupportNotice: false } as const;

export function createMessages(dir: string): Messages {
  const resources = readCatalogs(dir);
  const source = resources[SOURCE_LANGUAGE];
  if (!source) throw new Error(`${dir} has no ${SOURCE_LANGUAGE}/ folder (the source language)`);
  // The source language first: it is the default and the fallback.
  const languages = [SOURCE_LANGUAGE, ...Object.keys(resources).filter((l) => l !== SOURCE_LANGUAGE).sort()];
  const instance: i18n = i18next.createInstance();
  // Synchronous: every catalog is already in memory, nothing to load.
  void instance.init({ ...SHARED_OPTIONS, initAsync: false, resources, lng: SOURCE_LANGUAGE, fallbackLng: SOURCE_LANGUAGE, ns: Object.keys(source) });
  const known = (code: string | undefined): code is Lang => !!code && languages.includes(code);

  return {
    languages,
    /** The language a request asks for: the app's own cookie first, then Accept-Language, then the source language. */
    pickLanguage(cookieLang, acceptLanguage) {
      if (known(cookieLang)) return cookieLang;
      for (const part of (acceptLanguage ?? '').split(',')) {
        const tag = part.split(';')[0]?.trim().toLowerCase();
        // `tt-RU` → tt; a folder named with the whole tag (say `en-XA`) wins over its primary subtag.
        const match = [tag, tag?.split('-')[0]].find(known);
        if (match) return match;
      }
      return SOURCE_LANGUAGE;
    },
    /** A dotted key (`errors.INVALID_CREDENTIALS`) with its `{{name}}` placeholders and `count` plurals filled. */
    translate(lang, key, params = {}) {
      return instance.t(key, { ...params, lng: known(lang) ? lang : SOURCE_LANGUAGE });
    },
  };
}

const messages = createMessages(process.env.PARTA_LOCALES_DIR || path.resolve(import.meta.dirname, '../../locales'));
export const LANGUAGES = messages.languages;
export const pickLanguage = messages.pickLanguage;
export const translate = messages.translate;
