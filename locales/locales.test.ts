/**
 * Every shipped language has every key of the source language (ru), no key the source lacks, and
 * every key the code asks for exists; a user-visible literal in a component fails lint.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const here = import.meta.dirname;
const root = path.resolve(here, '..');
type Tree = { [key: string]: string | Tree };
const read = (file: string): Tree => JSON.parse(fs.readFileSync(file, 'utf8')) as Tree;
/** A language is a folder, `locales/<lang>/<namespace>.json`; a key's first segment is its namespace. */
const load = (lang: string): Tree =>
  Object.fromEntries(
    fs
      .readdirSync(path.join(here, lang))
      .filter((f) => f.endsWith('.json') && f !== 'languages.json')
      .map((f) => [f.replace(/\.json$/, ''), read(path.join(here, lang, f))]),
  );
const SOURCE = 'ru';
const LANGUAGES = fs
  .readdirSync(here, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);
const SHIPPED = LANGUAGES.filter((l) => l !== SOURCE);

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

/** `marks.count_few` → `marks.count`: languages have different plural forms of one key. */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const baseKeys = (keys: Iterable<string>): Set<string> => new Set([...keys].map((k) => k.replace(PLURAL, '')));
const placeholders = (text: string): string[] => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();

const source = flatten(load(SOURCE));

describe('locales', () => {
  it('ships Tatar and English beside Russian', () => {
    expect(SHIPPED.sort()).toEqual(['en', 'tt']);
  });

  it('each language names itself, and only itself (the switch lists every language without loading its catalogs)', () => {
    for (const lang of LANGUAGES) expect(Object.keys(read(path.join(here, lang, 'languages.json'))), lang).toEqual([lang]);
  });

  for (const lang of SHIPPED) {
    it(`${lang} has exactly the keys of ${SOURCE}, each with the same placeholders`, () => {
      const catalog = flatten(load(lang));
      const missing = [...baseKeys(source.keys())].filter((k) => !baseKeys(catalog.keys()).has(k));
      const extra = [...baseKeys(catalog.keys())].filter((k) => !baseKeys(source.keys()).has(k));
      expect(missing, `missing in ${lang}`).toEqual([]);
      expect(extra, `not in ${SOURCE}`).toEqual([]);
      for (const [key, text] of catalog) {
        const twin = source.get(key) ?? source.get(`${key.replace(PLURAL, '')}_other`) ?? source.get(key.replace(PLURAL, '_one'));
        if (twin !== undefined) expect(placeholders(text), `${lang}:${key}`).toEqual(placeholders(twin));
      }
      // A plural key needs the `other` form (the form i18next falls back to in every language).
      for (const key of baseKeys([...catalog.keys()].filter((k) => PLURAL.test(k)))) {
        expect(catalog.has(`${key}_other`), `${lang}:${key}_other`).toBe(true);
      }
    });
  }

  it('Russian plural keys have one, few and many forms', () => {
    for (const key of baseKeys([...source.keys()].filter((k) => PLURAL.test(k)))) {
      for (const form of ['one', 'few', 'many']) expect(source.has(`${key}_${form}`), `${key}_${form}`).toBe(true);
    }
  });

  it('every key the client and server ask for exists in the source language', () => {
    const files = ['client', 'api'].flatMap((dir) =>
      fs.readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f) && !f.includes('.test.')).map((f) => path.join(root, dir, f)),
    );
    const known = baseKeys(source.keys());
    const missing: string[] = [];
    for (const file of files) {
      const code = fs.readFileSync(file, 'utf8');
      // t('diary.today'), translate(lang, 'errors.X'), reason: 'push.badId'
      for (const m of code.matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) if (!known.has(m[1]!)) missing.push(`${path.relative(root, file)}: ${m[1]}`);
      for (const m of code.matchAll(/reject\(\s*'([\w.]+)'|reason: '([\w.]+)'/g)) {
        const key = m[1] ?? m[2]!;
        if (!known.has(key)) missing.push(`${path.relative(root, file)}: ${key}`);
      }
      // t(`attendance.${value}`): the prefix must be a section of the catalog.
      for (const m of code.matchAll(/\bt\(\s*`([\w.]+)\.\$\{/g)) {
        if (![...known].some((k) => k.startsWith(`${m[1]}.`))) missing.push(`${path.relative(root, file)}: ${m[1]}.*`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every namespace the client words with is loaded before it is shown', async () => {
    const { FIRST_SCREEN_NAMESPACES } = await import('../client/i18n/catalogs.ts');
    const files = fs.readdirSync(path.join(root, 'client'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f) && !f.includes('.test.'));
    const code = files.map((f) => fs.readFileSync(path.join(root, 'client', f), 'utf8')).join('\n');
    // Loaded at start, by a lazy part (`loadNamespaces('calls', 'call')`) or where it is shown (`useNamespace('errors')`).
    const loaded = new Set<string>(FIRST_SCREEN_NAMESPACES);
    for (const m of code.matchAll(/\b(?:loadNamespaces|useNamespace)\(([^)]*)\)/g)) for (const ns of m[1]!.matchAll(/'(\w+)'/g)) loaded.add(ns[1]!);
    const used = new Set([...code.matchAll(/\bt\(\s*[`']([a-zA-Z]\w*)\./g)].map((m) => m[1]!));
    expect([...used].filter((ns) => !loaded.has(ns))).toEqual([]);
  });

  it('error codes of the contract all have messages', async () => {
    const { ERROR_CODES } = await import('../sync/errors.ts');
    for (const code of ERROR_CODES) expect(source.has(`errors.${code}`), code).toBe(true);
  });

  it('names every field a device writes: a refused document’s reason says which (push.field.*)', async () => {
    const { COLLECTIONS, editableFields } = await import('../sync/index.ts');
    const written = COLLECTIONS.filter((c) => c.conflict !== 'server-only').flatMap((c) => ['id', ...editableFields(c)]);
    for (const field of written.filter((f) => f !== 'deleted')) expect(source.has(`sync.fields.${field}`), field).toBe(true);
  });

  it('lint refuses a user-visible string written in a component', async () => {
    const eslint = new ESLint({ cwd: root });
    const [result] = await eslint.lintText('export function Greeting() {\n  return <p title="Подсказка">Привет</p>;\n}\n', {
      filePath: path.join(root, 'client/diary/Example.tsx'),
    });
    const rules = result!.messages.map((m) => m.ruleId);
    expect(rules.filter((r) => r === 'i18next/no-literal-string')).toHaveLength(2);
  });
});
