/**
 * Server-side messages in the user's language, from the same locales/ files the client uses,
 * so an error reads the same whether the server or the client words it.
 */
import ru from '../../locales/ru.json' with { type: 'json' };
import en from '../../locales/en.json' with { type: 'json' };
import tt from '../../locales/tt.json' with { type: 'json' };

export const LANGUAGES = ['ru', 'en', 'tt'] as const;
export type Lang = (typeof LANGUAGES)[number];
const CATALOGS: Record<Lang, unknown> = { ru, en, tt };

/** The language a request asks for: the app's own cookie first, then Accept-Language, then Russian. */
export function pickLanguage(cookieLang: string | undefined, acceptLanguage: string | null | undefined): Lang {
  if (cookieLang && (LANGUAGES as readonly string[]).includes(cookieLang)) return cookieLang as Lang;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().slice(0, 2).toLowerCase();
    if (tag && (LANGUAGES as readonly string[]).includes(tag)) return tag as Lang;
  }
  return 'ru';
}

/** Looks up a dotted key (`errors.INVALID_CREDENTIALS`) and fills `{{name}}` placeholders. */
export function translate(lang: Lang, key: string, params: Record<string, string | number> = {}): string {
  const find = (catalog: unknown): string | undefined => {
    let node: unknown = catalog;
    for (const part of key.split('.')) {
      if (typeof node !== 'object' || node === null) return undefined;
      node = (node as Record<string, unknown>)[part];
    }
    return typeof node === 'string' ? node : undefined;
  };
  const template = find(CATALOGS[lang]) ?? find(CATALOGS.ru) ?? key;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(params[name] ?? ''));
}
