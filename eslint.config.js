// @ts-check
import js from '@eslint/js';
import i18next from 'eslint-plugin-i18next';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Imports flow one way: client → sync ← api (ARCHITECTURE.md). */
const boundary = (/** @type {string[]} */ patterns, /** @type {string} */ message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

const CLIENT_BOUNDARY = ['**/api/**', 'rxdb', 'rxdb/*', 'dexie', 'pg', '@electric-sql/*', '../data/*', '!../data/index.ts'];
const CLIENT_BOUNDARY_MESSAGE = 'The UI reaches the device database only through client/data/index.ts, and never imports api/.';
/**
 * Client domains import client/shared/, client/data/index.ts, client/i18n/ and sync/ — never the
 * app that assembles them, nor one another (ARCHITECTURE.md «Rooms»).
 */
const DOMAINS = ['accounts', 'calls', 'diary', 'journal'];
/** The client's engine (data/) and kits (shared/, i18n/) serve every domain and import none of them. */
const CLIENT_DOMAIN_IMPORTS = [...DOMAINS.map((d) => `../${d}/*`), '../app/*'];
const CLIENT_KIT_MESSAGE = 'client/data/, client/shared/ and client/i18n/ serve every domain and import none (nor client/app/).';
const domainBoundaries = DOMAINS.map((domain) => ({
  files: [`client/${domain}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: CLIENT_BOUNDARY, message: CLIENT_BOUNDARY_MESSAGE },
          {
            group: ['../app/*', 'wouter', 'wouter/*', ...DOMAINS.filter((d) => d !== domain).map((d) => `../${d}/*`)],
            message: 'A client domain imports client/shared/ (navigation.ts for routing), client/data/index.ts and client/i18n/, never client/app/ or another domain.',
          },
        ],
      },
    ],
  },
}));

const API_BOUNDARY = ['**/client/**', '**/tests/**', 'react', 'react-dom', 'rxdb', 'rxdb/*'];
const API_BOUNDARY_MESSAGE = 'api/ may import sync/ and locales/, never client/ (and tests/ only from its tests).';
/**
 * Server domains own their folders; the engine (sync/) and the shared kits (http/, db/, i18n/,
 * process/, system/) serve every domain and import none. Only the wiring at api/'s root (app.ts,
 * schema.ts, main.ts…) and the demo school (demo/) assemble domains. Tests may cross.
 */
const API_DOMAINS = ['accounts', 'calls', 'chat', 'diary', 'journal'];
const API_KITS = ['sync', 'http', 'db', 'i18n', 'process', 'system', 'shared'];
/** An import of one of `folders` from a file one or more levels inside api/. */
const apiFolderImport = (/** @type {string[]} */ folders) => `^(\\.\\./)+(${folders.join('|')})/`;
const apiRule = (/** @type {string[]} */ forbidden, /** @type {string} */ message) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: API_BOUNDARY, message: API_BOUNDARY_MESSAGE },
        { regex: apiFolderImport(forbidden), message },
      ],
    },
  ],
});
const apiBoundaries = [
  ...API_DOMAINS.map((domain) => ({
    files: [`api/${domain}/**/*.ts`],
    ignores: ['api/**/*.test.ts'],
    rules: apiRule(
      [...API_DOMAINS.filter((d) => d !== domain), 'demo'],
      'A server domain imports sync/, api/sync/ and the shared kits (api/http/, api/db/, api/i18n/, api/shared/), never another domain.',
    ),
  })),
  {
    files: API_KITS.map((kit) => `api/${kit}/**/*.ts`),
    ignores: ['api/**/*.test.ts'],
    rules: apiRule([...API_DOMAINS, 'demo'], 'The sync engine and the shared kits import no domain: domains register with them.'),
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'dev-dist/', '.tmp/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['sync/**/*.ts'],
    rules: boundary(['**/client/**', '**/api/**', 'rxdb', 'rxdb/*', 'react', 'pg', 'graphql*'], 'sync/ is the shared contract: it imports neither side nor their libraries.'),
  },
  {
    files: ['api/**/*.ts'],
    ignores: ['api/**/*.test.ts'],
    rules: boundary(API_BOUNDARY, API_BOUNDARY_MESSAGE),
  },
  ...apiBoundaries,
  {
    // Tests use the shared fixtures in tests/ (the demo school is product code: api/demo/), and may
    // cross domains to test them together.
    files: ['api/**/*.test.ts'],
    rules: boundary(['**/client/**', 'react', 'rxdb', 'rxdb/*'], 'api/ never imports client/.'),
  },
  {
    // Playwright fixtures use `{}` for «no dependencies» and `void` for fixtures that give nothing.
    files: ['tests/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off', '@typescript-eslint/no-invalid-void-type': 'off' },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    ignores: ['client/data/**'],
    rules: boundary(CLIENT_BOUNDARY, CLIENT_BOUNDARY_MESSAGE),
  },
  ...domainBoundaries,
  {
    files: ['client/data/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/api/**', 'pg', '@electric-sql/*'], message: 'client/ never imports api/ or server libraries.' },
            { group: CLIENT_DOMAIN_IMPORTS, message: CLIENT_KIT_MESSAGE },
          ],
        },
      ],
    },
  },
  {
    files: ['client/shared/**/*.{ts,tsx}', 'client/i18n/**/*.{ts,tsx}'],
    ignores: ['client/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: CLIENT_BOUNDARY, message: CLIENT_BOUNDARY_MESSAGE },
            { group: CLIENT_DOMAIN_IMPORTS, message: CLIENT_KIT_MESSAGE },
          ],
        },
      ],
    },
  },
  {
    files: ['client/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks, i18next },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Every user-visible string comes from locales/ (ru is the source).
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'jsx-attributes': { include: ['aria-label', 'title', 'placeholder', 'alt'] },
          words: { exclude: ['[‹›×·–—:.,\\s]+', '\\s*·\\s*', '\\s*‹\\s*', '\\s*›\\s*', '×'] },
        },
      ],
    },
  },
  {
    files: ['client/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
