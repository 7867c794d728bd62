/**
 * Adding a language is adding files only: a pseudo-language written into a copy of locales/ — no
 * line of code touched — is listed and spoken by the client as built from that copy, and the
 * server words its refusals in it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import i18next from 'i18next';
import { build } from 'vite';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { catalogBackend, catalogsFrom, FIRST_SCREEN_NAMESPACES, i18nOptions, type CatalogModule } from '../client/i18n/catalogs.ts';
import { errorText } from '../client/i18n/error-text.ts';
import { catalogsPlugin } from './vite-plugin.ts';

const PSEUDO = 'qps';
type Tree = { [key: string]: string | Tree };
/** Every string wrapped and marked, placeholders kept: text the eye tells from any real language. */
const pseudo = (tree: Tree): Tree =>
  Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, typeof v === 'string' ? `⟦${v.replace(/\{\{[^}]*\}\}|[аеиоуaeiou]/g, (c) => (c.length > 1 ? c : c + c))}⟧` : pseudo(v)]));
const inPseudo = (text: string): string => pseudo({ text }).text as string;

let work: string;
let dir: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-pseudo-'));
  dir = path.join(work, 'locales');
  for (const lang of ['ru', 'en', 'tt']) fs.cpSync(path.join(import.meta.dirname, lang), path.join(dir, lang), { recursive: true });
  fs.mkdirSync(path.join(dir, PSEUDO));
  for (const file of fs.readdirSync(path.join(dir, 'ru'))) {
    const source = JSON.parse(fs.readFileSync(path.join(dir, 'ru', file), 'utf8')) as Tree;
    const words = file === 'languages.json' ? { [PSEUDO]: 'Ƥƨèúδô' } : pseudo(source);
    fs.writeFileSync(path.join(dir, PSEUDO, file), JSON.stringify(words));
  }
});
afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  delete process.env.PARTA_LOCALES_DIR;
});

describe('a pseudo-language added as files only', () => {
  it('the server refuses in it, chosen by the cookie the client sets', async () => {
    process.env.PARTA_LOCALES_DIR = dir;
    vi.resetModules();
    const { ownOriginPlugin } = await import('../api/http/origin.ts');
    const { LANGUAGES, translate } = await import('../api/i18n/messages.ts');
    expect(LANGUAGES).toContain(PSEUDO);
    const yoga = createYoga({ schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }), plugins: [ownOriginPlugin(false)] });
    const response = await yoga.fetch('http://school.example/graphql', { method: 'GET', headers: { host: 'school.example', cookie: `parta_lang=${PSEUDO}` } });
    expect(response.status).toBe(405);
    const body = (await response.json()) as { errors: { message: string }[] };
    expect(body.errors[0]!.message).toBe(inPseudo('Этот адрес принимает только запросы POST.'));
    // Through i18next with the language's own plural rule (a made-up code has the default one/other).
    expect(translate(PSEUDO, 'marks.count', { count: 1 })).toBe(inPseudo('1 оценка'));
  });

  it('the client built from those files lists it under its own name and speaks it; a change of language re-words an error', async () => {
    const entry = path.join(work, 'entry.js');
    fs.writeFileSync(entry, "export { loaders, names } from 'virtual:parta-catalogs';\n");
    const outDir = path.join(work, 'dist');
    await build({
      configFile: false,
      logLevel: 'silent',
      root: work,
      plugins: [catalogsPlugin({ dir, firstScreen: FIRST_SCREEN_NAMESPACES, serverOnly: ['push', 'limits', 'request'] })],
      build: { outDir, minify: false, rollupOptions: { input: entry, preserveEntrySignatures: 'exports-only', output: { format: 'es', entryFileNames: 'entry.js' } } },
    });
    const catalogs = catalogsFrom((await import(path.join(outDir, 'entry.js'))) as CatalogModule);
    expect(catalogs.languages).toContain(PSEUDO);
    expect(catalogs.names[PSEUDO]).toBe('Ƥƨèúδô');

    const i18n = i18next.createInstance().use(catalogBackend(catalogs));
    await i18n.init(i18nOptions(PSEUDO, FIRST_SCREEN_NAMESPACES));
    expect(i18n.t('diary.today')).toBe(inPseudo('Сегодня'));
    expect(i18n.t('marks.count', { count: 5 })).toBe(inPseudo('5 оценки'));
    await i18n.loadNamespaces('errors');
    const refusal = { code: 'INVALID_CREDENTIALS' as const, params: {} };
    expect(errorText(i18n.t, refusal)).toBe(inPseudo('Неверный номер телефона или пароль.'));
    await i18n.changeLanguage('en');
    expect(errorText(i18n.t, refusal)).toBe('Wrong phone number or password.');
  });
});
