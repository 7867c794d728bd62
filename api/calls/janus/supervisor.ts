/**
 * Runs Janus as a child of the API: writes its configuration, spawns it, waits until its WebSocket
 * answers, restarts it with backoff when it dies and stops it on close. One supervisor per API
 * process; the port and data directory are its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { restartPolicy } from '../../process/restart-policy.ts';
import { log } from '../../shared/log.ts';
import { writeJanusConfig, type JanusSettings } from './config.ts';

export type SupervisorSettings = Omit<JanusSettings, 'adminKey'> & {
  /** How long one start may take to answer on the WebSocket. */
  startTimeoutMs?: number;
  log?: (line: string) => void;
};

export interface JanusSupervisor {
  /** ws://127.0.0.1:<port>: Janus's WebSocket, reachable from this host only. */
  readonly url: string;
  /** The VideoRoom admin_key of this run (new on every API start). */
  readonly adminKey: string;
  /** The running Janus's pid, null while it is down. */
  readonly pid: number | null;
  readonly logFile: string;
  /** Called every time Janus has (re)started and answers; returns an unsubscribe function. */
  onReady(listener: () => void): () => void;
  close(): Promise<void>;
}


/** Starts Janus and resolves once it answers; rejects (and leaves nothing running) if the first start fails. */
export async function startJanus(settings: SupervisorSettings): Promise<JanusSupervisor> {
  const janusLog = log('janus');
  // Its lines are about trouble (Janus stopped, a restart failed).
  const say = settings.log ?? ((line: string) => janusLog.warn(line));
  const adminKey = randomBytes(24).toString('base64url');
  const { configFile, logFile } = writeJanusConfig({ ...settings, adminKey });
  const url = `ws://127.0.0.1:${settings.port}`;
  const pidFile = path.join(settings.dir, 'janus.pid');
  const listeners = new Set<() => void>();
  let child: ChildProcess | null = null;
  let closing = false;
  // Half a second doubling to 30 s; a run of a minute counts as healthy and starts it over.
  const restarts = restartPolicy({ firstMs: 500, maxMs: 30_000, healthyAfterMs: 60_000 });
  let restartTimer: NodeJS.Timeout | undefined;

  await killLeftover(pidFile, configFile);
  // Another Janus on the port (another Parta process?) would answer our readiness check and then
  // refuse our admin_key: say so instead.
  if (await infoAnswers(url)) throw new Error(`another Janus already answers on ${url}: set PARTA_JANUS_PORT (or PARTA_JANUS=off)`);

  const spawnOnce = async (): Promise<void> => {
    const proc = spawn(settings.bin, ['-C', configFile, '-F', settings.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    const startedAt = Date.now();
    // Janus prints a few lines before its log file is open (bad configuration shows up only there).
    let early = '';
    const keep = (d: Buffer): void => {
      early = (early + d.toString()).slice(-4_000);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    const exited = new Promise<string>((resolve) => {
      proc.once('error', (e) => resolve(e.message));
      proc.once('exit', (code, signal) => resolve(`exit ${signal ?? code}`));
    });
    void exited.then((why) => {
      if (child === proc) child = null;
      fs.rmSync(pidFile, { force: true });
      if (closing) return;
      const delay = restarts.nextDelay(Date.now() - startedAt);
      say(`Janus stopped (${why}); restarting in ${delay} ms (log: ${logFile})`);
      restartTimer = setTimeout(() => void spawnOnce().catch((e: unknown) => say(`restart failed: ${(e as Error).message}`)), delay);
    });
    if (proc.pid) fs.writeFileSync(pidFile, String(proc.pid));
    const answered = await Promise.race([
      waitForAnswer(url, settings.startTimeoutMs ?? 15_000).then(() => null),
      exited.then((why) => `Janus exited while starting (${why}): ${early.trim().split('\n').slice(-5).join(' / ')}`),
    ]);
    if (answered !== null) {
      if (child === proc) proc.kill('SIGKILL');
      throw new Error(`${answered} (log: ${logFile})`);
    }
    for (const listener of listeners) listener();
  };

  try {
    await spawnOnce();
  } catch (e) {
    closing = true;
    clearTimeout(restartTimer);
    const running = child as ChildProcess | null;
    running?.kill('SIGKILL');
    throw e;
  }

  return {
    url,
    adminKey,
    logFile,
    get pid() {
      return (child as ChildProcess | null)?.pid ?? null;
    },
    onReady(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closing = true;
      clearTimeout(restartTimer);
      const proc = child as ChildProcess | null;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const gone = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      // Janus takes a moment to close sessions; never let a stuck one hold the port.
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** Resolves once Janus answers an `info` request on its WebSocket (the transport starts last). */
async function waitForAnswer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await infoAnswers(url)) return;
    if (Date.now() > deadline) throw new Error(`Janus did not answer on ${url} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function infoAnswers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, 'janus-protocol');
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 2_000);
    ws.on('open', () => ws.send(JSON.stringify({ janus: 'info', transaction: 'ready' })));
    ws.on('message', (data: Buffer) => done((JSON.parse(data.toString()) as { janus?: string }).janus === 'server_info'));
    ws.on('error', () => done(false));
  });
}

/**
 * A Janus left behind by an API process that was killed (SIGKILL skips our cleanup) would hold
 * the port: stop it, but only if it runs our configuration file.
 */
async function killLeftover(pidFile: string, configFile: string): Promise<void> {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  } catch {
    return;
  }
  fs.rmSync(pidFile, { force: true });
  const ours = (): boolean => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(configFile);
    } catch {
      return false;
    }
  };
  if (!ours()) return;
  process.kill(pid, 'SIGKILL');
  // Its sockets are released only once it is gone.
  for (let i = 0; i < 50 && ours(); i++) await new Promise((r) => setTimeout(r, 50));
}
