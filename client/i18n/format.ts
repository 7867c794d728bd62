import type { TFunction } from 'i18next';
import { dateInZone, dayAndMonth, isoWeekday } from '../../sync/index.ts';
import type { Lang } from './i18n.ts';

/** Names of days and months come from locales/ (not every browser's Intl knows Tatar). */
export function formatDayHeading(t: TFunction, iso: string): string {
  const { day, month } = dayAndMonth(iso);
  return t('date.dayHeading', {
    weekday: t(`date.weekday.${isoWeekday(iso)}`),
    day,
    month: t(`date.monthGenitive.${month}`),
  });
}

export function formatWeekRange(t: TFunction, from: string, to: string): string {
  const a = dayAndMonth(from);
  const b = dayAndMonth(to);
  if (a.month === b.month) return t('date.rangeSameMonth', { from: a.day, to: b.day, month: t(`date.monthGenitive.${b.month}`), year: b.year });
  return t('date.rangeTwoMonths', {
    from: a.day,
    fromMonth: t(`date.monthGenitive.${a.month}`),
    to: b.day,
    toMonth: t(`date.monthGenitive.${b.month}`),
    year: b.year,
  });
}

export function formatShortDate(t: TFunction, iso: string): string {
  const { day, month } = dayAndMonth(iso);
  return t('date.short', { day, month: t(`date.monthGenitive.${month}`) });
}

/**
 * Number and clock formats per language. Browsers' Intl has no Tatar data (Chromium's
 * supportedLocalesOf(['tt']) is empty) and would fall back to the device's locale; Tatar in Russia
 * writes times and decimals as Russian does.
 */
const INTL_LOCALES: Record<string, string> = { ru: 'ru-RU', tt: 'ru-RU', en: 'en-GB' };
/** A language added by its files alone gets Intl's own formats for its code. */
const intlLocale = (lang: Lang): string => INTL_LOCALES[lang] ?? lang;

/** A school bell time `HH:MM` in the language's clock style. */
export function formatClock(lang: Lang, hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  const at = new Date(Date.UTC(2000, 0, 1, h ?? 0, m ?? 0));
  return new Intl.DateTimeFormat(intlLocale(lang), { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(at);
}

/** A moment (epoch ms) as the school sees it: its time zone, the reader's language. */
export function formatMoment(t: TFunction, lang: Lang, timeZone: string, epochMs: number): string {
  const at = new Date(epochMs);
  const { day, month } = dayAndMonth(dateInZone(timeZone, at));
  const time = new Intl.DateTimeFormat(intlLocale(lang), { timeZone, hour: '2-digit', minute: '2-digit' }).format(at);
  return t('date.moment', { day, month: t(`date.monthGenitive.${month}`), time });
}

export function formatAverage(lang: Lang, value: number): string {
  return new Intl.NumberFormat(intlLocale(lang), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}
