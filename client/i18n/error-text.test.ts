/** An error kept as a code is worded in whatever language is current when it is shown. */
import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '../shared/request.ts';
import { toUserError, WORDED_CODES } from '../shared/user-error.ts';
import { i18nOptions } from './catalogs.ts';
import { errorText } from './error-text.ts';

const errors = (lang: string) => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../locales', lang, 'errors.json'), 'utf8')) as Record<string, unknown>;
const i18n = i18next.createInstance();
// The app's own options (errors.X is X in the `errors` namespace), the catalogs given at once.
await i18n.init({ ...i18nOptions('ru', ['errors']), resources: { ru: { errors: errors('ru') }, en: { errors: errors('en') }, tt: { errors: errors('tt') } } });
const inLang = (lang: string) => i18n.getFixedT(lang);

describe('errors shown by code', () => {
  it('a server refusal is worded in the language of the moment, with its parameters', () => {
    const refusal = toUserError(new ApiError({ message: 'Слишком много попыток входа. Попробуйте снова через 5 мин.', extensions: { code: 'RATE_LIMITED', minutes: 5 } }));
    expect(errorText(inLang('ru'), refusal)).toBe('Слишком много попыток входа. Попробуйте снова через 5 мин.');
    expect(errorText(inLang('en'), refusal)).toContain('5');
    expect(errorText(inLang('en'), refusal)).not.toBe(errorText(inLang('ru'), refusal));
  });

  it('no answer at all says so in words, never the bare «network»', () => {
    const offline = toUserError(new NetworkError('network'));
    expect(offline).toEqual({ code: 'NETWORK', params: {} });
    expect(errorText(inLang('ru'), offline)).toBe('Нет связи с сервером. Проверьте интернет и попробуйте ещё раз.');
    expect(errorText(inLang('en'), offline)).not.toMatch(/^network$/i);
  });

  it('a code the catalogs do not know, or a plain exception, is shown as an internal error', () => {
    expect(toUserError(new ApiError({ message: 'Cannot query field "x"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }))).toEqual({ code: 'INTERNAL', params: {} });
    expect(toUserError(new TypeError('x is undefined'))).toEqual({ code: 'INTERNAL', params: {} });
  });

  it('every code an error can carry has words in every language', () => {
    for (const lang of ['ru', 'en', 'tt']) for (const code of WORDED_CODES) expect(i18n.exists(`errors.${code}`, { lng: lang }), `${lang}: ${code}`).toBe(true);
  });
});
