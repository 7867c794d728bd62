/**
 * `npm run bench`: every benchmark in turn, each table printed as soon as it is measured, then one
 * summary line. Exits non-zero when any benchmark fails or misses its budget.
 */
import os from 'node:os';
import { abortAll } from './cleanup.ts';
import { runFanOut } from './fan-out.ts';
import { runFirstLoad } from './first-load.ts';
import { runMessageLatency } from './message-latency.ts';
import type { BenchOutcome } from './outcome.ts';
import { runP2pCall } from './p2p-call.ts';
import { runSfu } from './sfu.ts';
import { runSyncBytes } from './sync-bytes.ts';
import { runSyncYear } from './sync-year.ts';
import { runWarmStart } from './warm-start.ts';

/**
 * The whole run normally takes five to six minutes (the fan-out benchmark alone about two and a
 * half: 60 s of load plus connecting 1,000 subscribers and letting deliveries settle; the SFU one
 * under a minute, at most three; each benchmark also bounds itself); this stops a stuck one.
 */
const WATCHDOG_MS = 12 * 60_000;

const BENCHMARKS: readonly { title: string; run: () => BenchOutcome | Promise<BenchOutcome> }[] = [
  { title: 'First load', run: () => runFirstLoad() },
  { title: 'Fresh sync', run: runSyncYear },
  { title: 'Sync bytes', run: runSyncBytes },
  { title: 'Warm start', run: runWarmStart },
  { title: 'Message latency', run: runMessageLatency },
  { title: 'Fan-out', run: () => runFanOut() },
  { title: 'P2P call', run: runP2pCall },
  { title: 'SFU', run: runSfu },
];

async function abort(reason: string, code: number): Promise<never> {
  console.error(`\n${reason}: stopping servers and browsers…`);
  await Promise.race([abortAll(), new Promise((r) => setTimeout(r, 15_000))]);
  process.exit(code);
}

setTimeout(() => void abort(`benchmarks still running after ${WATCHDOG_MS / 60_000} minutes`, 1), WATCHDOG_MS).unref();
process.once('SIGINT', () => void abort('interrupted', 130));
process.once('SIGTERM', () => void abort('terminated', 143));

const cpus = os.cpus();
console.log('## Parta benchmarks\n');
console.log(
  `Node ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ` +
    `load average ${os.loadavg()[0]?.toFixed(2) ?? '?'} at start, ${new Date().toISOString()}\n`,
);

const started = Date.now();
const phrases: string[] = [];
let failed = 0;
for (const bench of BENCHMARKS) {
  const t0 = Date.now();
  try {
    const outcome = await bench.run();
    console.log(outcome.markdown);
    console.log(`\n_${bench.title}: ${((Date.now() - t0) / 1000).toFixed(1)} s${outcome.ok ? '' : ', FAILED'}_\n`);
    phrases.push(outcome.summary);
    if (!outcome.ok) failed++;
  } catch (e) {
    failed++;
    phrases.push(`${bench.title.toLowerCase()} FAILED`);
    console.log(`### ${bench.title}\n\n**FAILED** after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${(e as Error).message}\n`);
    console.error(e);
  }
}

const passed = BENCHMARKS.length - failed;
console.log(`**Summary:** ${phrases.join(' · ')} — ${passed}/${BENCHMARKS.length} passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
// Anything a library left open (sockets, timers) must not keep a finished run alive.
process.exit(failed ? 1 : 0);
