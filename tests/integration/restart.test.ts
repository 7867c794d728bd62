/**
 * `npm start` keeps the server up: the real supervisor (api/supervise.ts) with the real server on
 * a fresh embedded database; the server is killed outright (as the kernel's OOM killer or a crash
 * would end it), and the same port answers again, with the death said in the log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../fixtures/api-process.ts';
import { waitUntil } from '../fixtures/wait-until.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function answers(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    return res.status === 200;
  } catch {
    return false;
  }
}

describe('npm start supervises the server', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-restart-'));
  let supervisor: ChildProcess | null = null;
  let log = '';
  const serverPids = (): number[] => [...log.matchAll(/server started \(pid (\d+)\)/g)].map((m) => Number(m[1]));

  afterAll(() => {
    supervisor?.kill('SIGKILL');
    for (const pid of serverPids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('restarts a server that was killed, says so, and stops with it', async () => {
    const port = await freePort();
    // The same command as `npm start` after its build (the API alone: no built app is needed here).
    supervisor = spawn(process.execPath, ['--import', 'tsx', 'api/supervise.ts'], {
      cwd: ROOT,
      // DATABASE_URL is dropped: this test is about the process, on its own embedded database.
      env: { ...process.env, DATABASE_URL: '', PORT: String(port), HOST: '127.0.0.1', PARTA_DATA_DIR: dir, PARTA_DEMO: '0', PARTA_JANUS: 'off', PARTA_STATIC_DIR: path.join(dir, 'no-app') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    supervisor.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    supervisor.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((r) => supervisor!.once('exit', (code) => r(code)));

    await waitUntil(() => /Parta is running/.test(log), 60_000);
    expect(await answers(port)).toBe(true);
    const [first] = serverPids();
    expect(first).toBeGreaterThan(0);

    process.kill(first!, 'SIGKILL');
    await waitUntil(() => serverPids().length === 2 && (log.match(/Parta is running/g) ?? []).length === 2, 60_000);
    expect(log).toMatch(new RegExp(`server \\(pid ${first}\\) died \\(signal SIGKILL\\); restarting in`));
    expect(await answers(port)).toBe(true);
    const second = serverPids()[1]!;
    expect(second).not.toBe(first);

    // Stopping the supervisor stops the server it runs (gracefully) and no restart follows.
    supervisor.kill('SIGTERM');
    expect(await exited).toBe(0);
    await waitUntil(() => !alive(second), 10_000);
    expect(serverPids()).toHaveLength(2);
  }, 120_000);
});
