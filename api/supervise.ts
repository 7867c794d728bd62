/**
 * What `npm start` runs: the server (main.ts) as a child process, started again whenever it dies
 * — out of memory, an uncaught error, a kill — so that one bad request or bug costs seconds of
 * service, not the school's day. Every death and restart is said in the log. SIGTERM and SIGINT
 * stop the server gracefully and then this process; the server also stops by itself if this
 * process disappears (its IPC channel closes), so a supervisor killed outright leaves no orphan.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { restartPolicy } from './process/restart-policy.ts';
import { configureLog, log as logger, settingsFromEnv } from './shared/log.ts';
import { ensureJanusForStart } from './system/ensure-janus.ts';

// This is a process of its own, also when a test started it: it logs at its own level.
configureLog(settingsFromEnv(process.env, false));
const parta = logger('parta');

const MAIN = path.join(import.meta.dirname, 'main.ts');
const policy = restartPolicy();
let child: ChildProcess | null = null;
let stopping = false;
let restartTimer: NodeJS.Timeout | null = null;

function log(message: string): void {
  parta.info(message);
}

function start(): void {
  const startedAt = Date.now();
  // The server runs under tsx like this process; `execArgv` carries `--import tsx` and any heap flags.
  const proc = fork(MAIN, [], { execArgv: process.execArgv, stdio: 'inherit' });
  child = proc;
  log(`server started (pid ${proc.pid ?? '?'})`);
  proc.once('exit', (code, signal) => {
    child = null;
    if (stopping) return process.exit(code ?? 0);
    const delay = policy.nextDelay(Date.now() - startedAt);
    parta.warn(`server (pid ${proc.pid ?? '?'}) died (${signal ? `signal ${signal}` : `exit code ${code}`}); restarting in ${(delay / 1000).toFixed(1)} s`);
    restartTimer = setTimeout(() => {
      restartTimer = null;
      start();
    }, delay);
  });
}

function stop(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  if (restartTimer) clearTimeout(restartTimer);
  if (!child) process.exit(0);
  child.kill(signal);
  // A server that does not stop within 15 s is stopped anyway.
  setTimeout(() => child?.kill('SIGKILL'), 15_000).unref();
}

process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
ensureJanusForStart(log);
start();
