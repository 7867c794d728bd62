import i18next, { type TFunction } from 'i18next';
import { useEffect, useSyncExternalStore } from 'react';
import * as catalogModule from 'virtual:parta-catalogs';
import { catalogBackend, catalogsFrom, FIRST_SCREEN_NAMESPACES, i18nOptions, SOURCE_LANGUAGE } from './catalogs.ts';

// Catalogs are fetched when a screen needs them, in the chosen language; the build finds them in locales/.
const catalogs = catalogsFrom(catalogModule);

/** A language code: the name of a folder under locales/. */
export type Lang = string;
export const LANGUAGES = catalogs.languages;
export const LANGUAGE_NAMES = catalogs.names;
const STORAGE_KEY = 'parta.lang';

function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && LANGUAGES.includes(value);
}

function storedLanguage(): Lang {
  const saved = localStorage.getItem(STORAGE_KEY);
  return isLang(saved) ? saved : SOURCE_LANGUAGE;
}

/**
 * A lazily loaded part of the app brings its own strings (keeping them out of the first load):
 * its module awaits this at its top level, so its components first render with their words; a
 * later change of language loads them in the new language too (i18next reloads every loaded namespace).
 */
export async function loadNamespaces(...namespaces: string[]): Promise<void> {
  await i18next.loadNamespaces(namespaces);
}

function applyLanguage(lang: Lang): void {
  document.documentElement.lang = lang;
  document.title = i18next.t('app.name');
  // The server words its errors in the same language.
  document.cookie = `parta_lang=${lang}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

export async function initI18n(): Promise<void> {
  const lang = storedLanguage();
  // A namespace that cannot be had (offline, odd cache state) falls back to Russian: never a blank screen.
  await i18next.use(catalogBackend(catalogs)).init(i18nOptions(lang, FIRST_SCREEN_NAMESPACES));
  applyLanguage(lang);
  // Not awaited: no error is on the first screen, but one may be soon (and offline it must be at hand).
  void loadNamespaces('errors');
}

export async function setLanguage(lang: Lang): Promise<void> {
  await i18next.changeLanguage(lang);
  localStorage.setItem(STORAGE_KEY, lang);
  applyLanguage(lang);
}

function subscribe(listener: () => void): () => void {
  i18next.on('languageChanged', listener);
  return () => i18next.off('languageChanged', listener);
}

function subscribeLoaded(listener: () => void): () => void {
  i18next.on('loaded', listener);
  return () => i18next.off('loaded', listener);
}

/** Whether a namespace has words in the current language; asks for it when not (it comes with a re-render). */
export function useNamespace(ns: string): boolean {
  useSyncExternalStore(subscribe, () => i18next.language);
  const ready = useSyncExternalStore(subscribeLoaded, () => i18next.hasLoadedNamespace(ns));
  useEffect(() => {
    if (!ready) void loadNamespaces(ns);
  }, [ns, ready]);
  return ready;
}

/** The current language and a `t` bound to it; components re-render when the language changes. */
export function useT(): { t: TFunction; lang: Lang } {
  const lang = useSyncExternalStore(subscribe, () => i18next.language);
  return { t: i18next.getFixedT(lang), lang: isLang(lang) ? lang : SOURCE_LANGUAGE };
}
