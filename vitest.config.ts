import { defineConfig } from 'vitest/config';

/**
 * `unit`: pure code and the server through `yoga.fetch()` on an in-memory PGlite.
 * `db`: the same database-touching tests, selected by name, that CI runs again on PostgreSQL
 * (DATABASE_URL). End-to-end tests live in tests/e2e and run against the built app.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{api,sync,client,locales,tests/fixtures,tests/integration}/**/*.test.ts'],
          // Timing tests run alone (below): beside other test files on two cores they measure the neighbours.
          exclude: ['**/*.timing.*', '**/node_modules/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'timing',
          include: ['{api,tests/integration}/**/*.timing.*test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'db',
          include: ['{api,tests/fixtures,tests/integration}/**/*.db.test.ts'],
          // The attack-latency test gates nothing yet (npm run test:timing): its worst pull is 160–240 ms on a quiet machine.
          exclude: ['**/*.timing.*', '**/node_modules/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
