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
 * app that assembles them, nor one another (ARCHITECTURE.md «Rooms»). Two older crossings are
 * named here until they move to client/shared/: calls' GraphQL client and the sign-in page's
 * language switch.
 */
const DOMAINS = ['accounts', 'calls', 'diary', 'journal'];
const KNOWN_CROSSINGS = { accounts: ['!../app/LanguageSwitch.tsx'] };
const domainBoundaries = DOMAINS.map((domain) => ({
  files: [`client/${domain}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: CLIENT_BOUNDARY, message: CLIENT_BOUNDARY_MESSAGE },
          {
            group: ['../app/*', 'wouter', 'wouter/*', ...DOMAINS.filter((d) => d !== domain).map((d) => `../${d}/*`), ...(KNOWN_CROSSINGS[/** @type {keyof typeof KNOWN_CROSSINGS} */ (domain)] ?? [])],
            message: 'A client domain imports client/shared/ (navigation.ts for routing), client/data/index.ts and client/i18n/, never client/app/ or another domain.',
          },
        ],
      },
    ],
  },
}));

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
    ignores: ['api/demo.ts', 'api/**/*.test.ts'],
    rules: boundary(
      ['**/client/**', '**/tests/**', 'react', 'react-dom', 'rxdb', 'rxdb/*'],
      'api/ may import sync/ and locales/, never client/ (and tests/ only from its tests and demo.ts).',
    ),
  },
  {
    // The demo school's generator lives with the test fixtures; tests use shared fixtures too.
    files: ['api/demo.ts', 'api/**/*.test.ts'],
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
    rules: boundary(['**/api/**', 'pg', '@electric-sql/*'], 'client/ never imports api/ or server libraries.'),
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
