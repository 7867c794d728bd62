/** The server words messages through i18next from locales/, with each language's plural forms. */
import { describe, expect, it } from 'vitest';
import { LANGUAGES, pickLanguage, translate } from './messages.ts';

describe('server messages', () => {
  it('knows the languages that have a folder in locales/, Russian first', () => {
    expect(LANGUAGES[0]).toBe('ru');
    expect([...LANGUAGES].sort()).toEqual(['en', 'ru', 'tt']);
  });

  it('uses Russian plural forms: 1 оценка, 3 оценки, 5 оценок, 21 оценка', () => {
    expect([1, 3, 5, 11, 21, 22].map((count) => translate('ru', 'marks.count', { count }))).toEqual([
      '1 оценка',
      '3 оценки',
      '5 оценок',
      '11 оценок',
      '21 оценка',
      '22 оценки',
    ]);
    expect([1, 5].map((count) => translate('en', 'marks.count', { count }))).toEqual(['1 grade', '5 grades']);
  });

  it('fills placeholders, nests a field label in a refusal, and falls back to Russian for an unknown language', () => {
    expect(translate('en', 'errors.RATE_LIMITED', { minutes: 5 })).toContain('5');
    expect(translate('ru', 'push.field.missing', { field: translate('ru', 'sync.fields.value') })).toBe('не заполнено поле «Значение»');
    expect(translate('xx', 'errors.NOT_FOUND')).toBe('Не найдено.');
  });

  it('picks the cookie, then Accept-Language (region tags too), then Russian', () => {
    expect(pickLanguage('tt', 'en')).toBe('tt');
    expect(pickLanguage('xx', 'de-DE, en-GB;q=0.8')).toBe('en');
    expect(pickLanguage(undefined, 'tt-RU')).toBe('tt');
    expect(pickLanguage(undefined, 'de')).toBe('ru');
    expect(pickLanguage(undefined, null)).toBe('ru');
  });
});
