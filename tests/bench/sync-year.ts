/**
 * Fresh sync of one student's school year: a school generated around late May (a full year of
 * lessons behind it), the real server, and the real client replication in Chromium, against the
 * floor of inserting the same documents locally with no network at all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { hashPassword } from '../../api/accounts/passwords.ts';
import { openDb } from '../../api/db/database.ts';
import { migrate } from '../../api/db/migrate.ts';
import { startServer, type RunningServer } from '../e2e/server.ts';
import { DEMO_PASSWORD, DEMO_SIGN_INS, generateDemoSchool, loadDemoSchool } from '../../api/demo/index.ts';
import type { SyncBench, SyncRunResult } from './browser/sync-bench.ts';
import { launchChromium } from './chromium.ts';
import { onAbort } from './cleanup.ts';
import { withTimeout } from './deadline.ts';
import { isMain, runStandalone } from './standalone.ts';
import type { BenchOutcome } from './outcome.ts';
import { median } from './stats.ts';
import { fixed, int, kb, markdownTable, seconds } from './table.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BROWSER_DIR = path.join(import.meta.dirname, 'browser');
const STATIC_DIR = path.join(ROOT, '.tmp/bench-static');
const TODAY = '2027-05-20';
const MARKS_PER_STUDENT_LESSON = 1.6;
const RUNS = 3;
/** One run moves a few thousand documents; minutes would mean something is stuck. */
const RUN_TIMEOUT_MS = 90_000;
const MIN_LESSONS = 1_000;
const MIN_MARKS = 1_500;

/** The bench page, built from the real client modules; served by the server in place of dist/. */
async function buildBenchPage(): Promise<void> {
  await build({
    configFile: false,
    root: BROWSER_DIR,
    base: '/',
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir: STATIC_DIR,
      // outDir is outside root: Vite only empties it when told to.
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 10_000,
      rolldownOptions: { input: path.join(BROWSER_DIR, 'sync-bench.html') },
    },
  });
}

/** Writes the school straight into a PGlite directory, so the server finds it and skips its own demo load. */
async function prepareDatabase(dataDir: string): Promise<{ lessons: number; marks: number }> {
  const school = generateDemoSchool({ today: TODAY, marksPerStudentLesson: MARKS_PER_STUDENT_LESSON });
  const student = school.rows.users.find((u) => u.phone === studentPhone());
  const classId = school.rows.memberships.find((m) => m.user_id === student?.id && m.role === 'student')?.class_id;
  if (!student || !classId) throw new Error('the demo school has no student for the student sign-in');
  const db = await openDb({ dataDir });
  try {
    await migrate(db);
    await loadDemoSchool(db, school, await hashPassword(DEMO_PASSWORD));
  } finally {
    await db.close();
  }
  return {
    lessons: school.rows.lessons.filter((l) => l.class_id === classId).length,
    marks: school.rows.marks.filter((m) => m.student_id === student.id).length,
  };
}

function studentPhone(): string {
  const signIn = DEMO_SIGN_INS.find((s) => s.role === 'student');
  if (!signIn) throw new Error('DEMO_SIGN_INS has no student');
  return signIn.phone;
}

async function measure(server: RunningServer): Promise<{ runs: SyncRunResult[]; chromium: string }> {
  const chromium = await launchChromium();
  try {
    const runs: SyncRunResult[] = [];
    for (let i = 0; i < RUNS; i++) {
      // A fresh context per run: empty IndexedDB, no cookies, no cached responses.
      const context = await chromium.browser.newContext({ locale: 'ru-RU' });
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      try {
        await page.goto(`${server.url}/sync-bench.html`);
        await page.waitForFunction(() => 'partaBench' in window);
        const result = await withTimeout(
          page.evaluate(
            ([phone, password]) => (window as unknown as { partaBench: SyncBench }).partaBench.run(phone, password),
            [studentPhone(), DEMO_PASSWORD] as const,
          ),
          RUN_TIMEOUT_MS,
          `sync run ${i + 1}`,
          () => context.close(),
        );
        runs.push(result);
      } catch (e) {
        const detail = errors.length ? `\npage errors:\n  ${errors.join('\n  ')}` : '';
        throw new Error(`${(e as Error).message}${detail}`, { cause: e });
      } finally {
        await context.close().catch(() => undefined);
      }
    }
    return { runs, chromium: chromium.browser.version() };
  } finally {
    await chromium.close();
  }
}

/** The columns of the main table: how each is computed from one run, and how it is printed. */
const COLUMNS: readonly { header: string; value: (r: SyncRunResult) => number; format: (n: number) => string }[] = [
  { header: 'Sync', value: (r) => r.syncMs / 1000, format: seconds },
  { header: 'Docs', value: (r) => r.totalDocs, format: int },
  { header: 'Docs/s', value: (r) => r.totalDocs / (r.syncMs / 1000), format: int },
  { header: 'Requests', value: (r) => r.graphql.requests, format: int },
  { header: 'Wire (transfer)', value: (r) => r.graphql.transferBytes, format: kb },
  { header: 'Decoded body', value: (r) => r.graphql.decodedBytes, format: kb },
  { header: 'Floor', value: (r) => r.floorMs / 1000, format: seconds },
  { header: 'Floor docs/s', value: (r) => r.totalDocs / (r.floorMs / 1000), format: int },
  { header: 'Floor / sync', value: (r) => r.floorMs / r.syncMs, format: (n) => fixed(n, 2) },
  { header: 'Two writes', value: (r) => (r.floorMs + r.secondWriteMs) / 1000, format: seconds },
  { header: 'Two writes / sync', value: (r) => (r.floorMs + r.secondWriteMs) / r.syncMs, format: (n) => fixed(n, 2) },
];

function problemsOf(runs: readonly SyncRunResult[]): string[] {
  const first = runs[0]!;
  const problems: string[] = [];
  for (const [i, r] of runs.entries()) {
    if (r.docs.lessons < MIN_LESSONS) problems.push(`run ${i + 1} synced ${r.docs.lessons} lessons (< ${MIN_LESSONS})`);
    if (r.docs.marks < MIN_MARKS) problems.push(`run ${i + 1} synced ${r.docs.marks} marks (< ${MIN_MARKS})`);
    // Zero bytes would mean resource timing missed the pulls, not that they were free.
    if (r.graphql.requests === 0 || r.graphql.transferBytes === 0) problems.push(`run ${i + 1} saw no /graphql bytes in resource timing`);
    if (r.totalDocs !== first.totalDocs) problems.push(`run ${i + 1} synced ${r.totalDocs} documents, run 1 synced ${first.totalDocs}`);
  }
  return problems;
}

function report(runs: readonly SyncRunResult[], expected: { lessons: number; marks: number }, chromium: string): BenchOutcome {
  const med = (value: (r: SyncRunResult) => number): number => median(runs.map(value));
  const rows = [
    ['**median**', ...COLUMNS.map((c) => c.format(med(c.value)))],
    ...runs.map((r, i) => [`run ${i + 1}`, ...COLUMNS.map((c) => c.format(c.value(r)))]),
  ];
  const names = Object.keys(runs[0]!.docs) as (keyof SyncRunResult['docs'])[];
  const inSchool: Partial<Record<string, number>> = expected;
  const docRows = names.map((n) => [n, ...runs.map((r) => int(r.docs[n])), inSchool[n] === undefined ? '' : int(inSchool[n])]);
  const problems = problemsOf(runs);
  const ratio = med((r) => r.floorMs / r.syncMs);

  const markdown = [
    `### Fresh sync of one student's school year (today ${TODAY}, ${MARKS_PER_STUDENT_LESSON} marks per student-lesson)`,
    '',
    markdownTable(['', ...COLUMNS.map((c) => c.header)], rows, ['left', ...COLUMNS.map(() => 'right' as const)]),
    '',
    markdownTable(['Collection', ...runs.map((_, i) => `run ${i + 1}`), 'In the school for this student'], docRows, ['left', ...runs.map(() => 'right' as const), 'right']),
    '',
    `Sync = openDataSession() + awaitInitialSync() in a fresh Chromium ${chromium} context (real client code, real server on loopback). ` +
      'Wire = /graphql resource-timing transferSize (compressed, with headers) of the requests made during the sync (sign-in excluded); decoded = decodedBodySize. ' +
      'Floor = openDatabase() of a fresh database + bulkInsert of the same documents, no network. ' +
      'Two writes = the floor + the same documents bulk-inserted once more under other ids: RxDB\'s replication protocol writes every pulled document ' +
      'twice (the collection, and its replication meta storage keeps the «assumed master state» each push is checked against), ' +
      'so floor / sync cannot exceed about floor / two writes ≈ 0.5 with that protocol. ' +
      `The median row is the median of each column over ${runs.length} runs; documents read back for the floor took ${runs.map((r) => `${Math.round(r.readMs)} ms`).join(', ')} (in neither timing).`,
    ...problems.map((p) => `**Problem:** ${p}`),
  ].join('\n');

  return {
    title: 'Fresh sync',
    markdown,
    summary: `year sync ${seconds(med((r) => r.syncMs / 1000))} for ${int(med((r) => r.totalDocs))} docs (floor ${fixed(ratio, 2)}× of it)`,
    ok: problems.length === 0,
  };
}

export async function runSyncYear(): Promise<BenchOutcome> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-bench-sync-'));
  const removeTmp = (): void => {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(STATIC_DIR, { recursive: true, force: true });
  };
  const forgetTmp = onAbort(removeTmp);
  let server: RunningServer | null = null;
  try {
    const dataDir = path.join(tmp, 'data');
    const [expected] = await Promise.all([prepareDatabase(dataDir), buildBenchPage()]);
    server = await startServer({ today: TODAY, dataDir, env: { PARTA_STATIC_DIR: STATIC_DIR } });
    const running = server;
    const forgetServer = onAbort(() => running.stop('SIGKILL'));
    try {
      const { runs, chromium } = await measure(server);
      return report(runs, expected, chromium);
    } finally {
      forgetServer();
    }
  } finally {
    await server?.stop();
    forgetTmp();
    removeTmp();
  }
}

if (isMain(import.meta.url)) await runStandalone(runSyncYear, 6 * 60_000);
