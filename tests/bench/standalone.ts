/**
 * Runs one benchmark module on its own (`node --import tsx tests/bench/fan-out.ts`), with the same
 * cleanup on Ctrl-C and on a watchdog that run.ts gives the whole suite.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { abortAll } from './cleanup.ts';
import type { BenchOutcome } from './outcome.ts';

/** Whether the module at `moduleUrl` is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  return !!process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(moduleUrl);
}

export async function runStandalone(run: () => Promise<BenchOutcome>, watchdogMs: number): Promise<never> {
  const abort = async (reason: string, code: number): Promise<never> => {
    console.error(`\n${reason}: stopping servers…`);
    await Promise.race([abortAll(), new Promise((r) => setTimeout(r, 15_000))]);
    process.exit(code);
  };
  setTimeout(() => void abort(`still running after ${Math.round(watchdogMs / 1000)} s`, 1), watchdogMs).unref();
  process.once('SIGINT', () => void abort('interrupted', 130));
  process.once('SIGTERM', () => void abort('terminated', 143));
  try {
    const outcome = await run();
    console.log(outcome.markdown);
    console.log(`\n**Summary:** ${outcome.summary}${outcome.ok ? '' : ' — FAILED'}`);
    process.exit(outcome.ok ? 0 : 1);
  } catch (e) {
    console.error(e);
    return abort('failed', 1);
  }
}
