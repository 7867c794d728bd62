import type { IncomingMessage } from 'node:http';
import type { Lang } from '../i18n/messages.ts';
import { requestLanguage, type RequestLike } from './context.ts';

/** What Yoga's hooks see before our context is built: the Fetch request, or on the WebSocket the upgrade. */
export interface EarlyContext {
  lang?: Lang;
  request?: RequestLike;
  wsRequest?: IncomingMessage;
}

/**
 * The person's language while parsing, validating and checking limits, before buildContext has
 * run (it sets `lang` only for execution): read from the request itself.
 */
export function earlyLang(context: EarlyContext | undefined): Lang {
  if (context?.lang) return context.lang;
  const upgrade = context?.wsRequest;
  if (upgrade) {
    const header = (name: string): string | null => {
      const value = upgrade.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    };
    return requestLanguage({ headers: { get: header }, url: upgrade.url ?? '/' });
  }
  return context?.request ? requestLanguage(context.request) : 'ru';
}
