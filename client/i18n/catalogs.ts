import type { BackendModule, InitOptions, ResourceKey } from 'i18next';

/** The language everything is written in first; the default and the fallback. */
export const SOURCE_LANGUAGE = 'ru';

/**
 * What the shell and the diary (the first screen, in the first chunk) show, loaded before the first
 * render as one chunk per language (locales/vite-plugin.ts). Lazily loaded parts load their own
 * namespaces (`loadNamespaces` in their lazy module); `errors` loads right after the first render
 * (ErrorMessage waits for it).
 */
export const FIRST_SCREEN_NAMESPACES = ['app', 'nav', 'signIn', 'pwa', 'sync', 'date', 'diary', 'marks', 'attendance'] as const;

/** What `virtual:parta-catalogs` exports: loaders by `<lang>/<namespace>` (and `<lang>/first`), names by language. */
export interface CatalogModule {
  loaders: Record<string, () => Promise<{ default: unknown }>>;
  names: Record<string, string>;
}

export interface Catalogs {
  /** Every language with a folder under locales/, the source language first. */
  languages: readonly string[];
  /** Each language's name in itself, for the language switch. */
  names: Readonly<Record<string, string>>;
  load(lang: string, namespace: string): Promise<ResourceKey>;
}

/** The languages and catalogs the build found in locales/ — adding a language is adding its folder. */
export function catalogsFrom({ loaders, names }: CatalogModule): Catalogs {
  const languages = [SOURCE_LANGUAGE, ...Object.keys(names).filter((l) => l !== SOURCE_LANGUAGE)];
  const first = FIRST_SCREEN_NAMESPACES as readonly string[];
  return {
    languages,
    names,
    async load(lang, ns) {
      const unit = first.includes(ns) ? `${lang}/first` : `${lang}/${ns}`;
      const load = loaders[unit];
      if (!load) throw new Error(`no catalog locales/${lang}/${ns}.json`);
      const loaded = (await load()).default;
      const words = unit.endsWith('/first') ? (loaded as Record<string, ResourceKey | undefined>)[ns] : (loaded as ResourceKey);
      if (words === undefined) throw new Error(`no catalog locales/${lang}/${ns}.json`);
      return words;
    },
  };
}

/** An i18next backend that reads namespaces from the catalogs (each loading unit a lazily loaded chunk). */
export function catalogBackend(catalogs: Catalogs): BackendModule {
  return {
    type: 'backend',
    init: () => undefined,
    read: (lang, ns, callback) => void catalogs.load(lang, ns).then((data) => callback(null, data), (e: Error) => callback(e, null)),
  };
}

/**
 * The options the server shares (api/i18n/messages.ts): a key's first segment is its namespace,
 * its file — `t('diary.today')` reads `today` from `<lang>/diary.json`. i18next splits on the
 * shared separator only when the first segment is a namespace it knows (listed or loaded).
 * Russian is the fallback: it is precached, so a namespace another language cannot load offline
 * still shows words.
 */
export function i18nOptions(lang: string, ns: readonly string[]): InitOptions {
  return {
    lng: lang,
    ns: [...ns],
    fallbackLng: SOURCE_LANGUAGE,
    nsSeparator: '.',
    keySeparator: '.',
    load: 'currentOnly',
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  };
}
