import i18next, { type Resource, type TFunction } from 'i18next';
import { useSyncExternalStore } from 'react';

export const LANGUAGES = ['ru', 'tt', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'parta.lang';

// Each language is its own chunk: only the chosen one is fetched (the service worker precaches all).
const catalogs = import.meta.glob<{ default: Resource }>('../../locales/*.json');

function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Lang {
  const saved = localStorage.getItem(STORAGE_KEY);
  return isLang(saved) ? saved : 'ru';
}

/** Catalogs of lazily loaded parts of the app (calls), merged into a language when it is loaded. */
type PartCatalog = (lang: Lang) => Promise<Resource>;
const parts: PartCatalog[] = [];
const partsLoaded = new Set<string>();

async function loadParts(lang: Lang): Promise<void> {
  await Promise.all(
    parts.map(async (load, i) => {
      const key = `${i}:${lang}`;
      if (partsLoaded.has(key)) return;
      i18next.addResourceBundle(lang, 'translation', await load(lang), true, true);
      partsLoaded.add(key);
    }),
  );
}

async function loadLanguage(lang: Lang): Promise<void> {
  if (!i18next.hasResourceBundle(lang, 'translation')) {
    const load = catalogs[`../../locales/${lang}.json`];
    if (!load) throw new Error(`no catalog for ${lang}`);
    i18next.addResourceBundle(lang, 'translation', (await load()).default, true, true);
  }
  await loadParts(lang);
}

/** The loader of `locales/<part>/<lang>.json`, from the part's own `import.meta.glob` of that folder. */
export function partCatalog(part: string, catalogs: Record<string, () => Promise<{ default: Resource }>>): PartCatalog {
  return async (lang) => {
    const load = catalogs[`../../locales/${part}/${lang}.json`];
    if (!load) throw new Error(`no ${part} catalog for ${lang}`);
    return (await load()).default;
  };
}

/**
 * A lazily loaded part of the app brings its own strings (keeping them out of the first load):
 * loaded now for the current language and with every language chosen later.
 */
export async function addPartCatalog(load: PartCatalog): Promise<void> {
  parts.push(load);
  const lang = i18next.language;
  // The part's module awaits this at its top level, so its components first render with their strings.
  await loadParts(isLang(lang) ? lang : 'ru');
}

function applyLanguage(lang: Lang): void {
  document.documentElement.lang = lang;
  document.title = i18next.t('app.name');
  // The server words its errors in the same language.
  document.cookie = `parta_lang=${lang}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

export async function initI18n(): Promise<void> {
  let lang = storedLanguage();
  await i18next.init({ lng: lang, fallbackLng: false, resources: {}, interpolation: { escapeValue: false } });
  try {
    await loadLanguage(lang);
  } catch (e) {
    // Never a blank screen: if the chosen language cannot be had (offline, odd cache state), use Russian.
    console.warn('[i18n] falling back to Russian:', e);
    lang = 'ru';
    await loadLanguage(lang);
    await i18next.changeLanguage(lang);
  }
  applyLanguage(lang);
}

export async function setLanguage(lang: Lang): Promise<void> {
  await loadLanguage(lang);
  await i18next.changeLanguage(lang);
  localStorage.setItem(STORAGE_KEY, lang);
  applyLanguage(lang);
}

function subscribe(listener: () => void): () => void {
  i18next.on('languageChanged', listener);
  return () => i18next.off('languageChanged', listener);
}

/** The current language and a `t` bound to it; components re-render when the language changes. */
export function useT(): { t: TFunction; lang: Lang } {
  const lang = useSyncExternalStore(subscribe, () => i18next.language);
  return { t: i18next.getFixedT(lang), lang: isLang(lang) ? lang : 'ru' };
}
