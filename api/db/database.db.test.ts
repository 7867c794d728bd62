import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTestDb } from '../../tests/fixtures/test-app.ts';
import { openDb } from './database.ts';
import { migrate } from './migrate.ts';

describe('database', () => {
  it('migrates once: a second run applies nothing, and bigint positions come back usable', async () => {
    const db = await openTestDb();
    expect(await migrate(db)).toEqual([]);
    await db.query("INSERT INTO schools (id, name, time_zone) VALUES ('s-x', 'X', 'Europe/Moscow')");
    const [row] = await db.query<{ pos: number | string }>("SELECT pos FROM schools WHERE id = 's-x'");
    expect(Number(row!.pos)).toBeGreaterThan(0);
    await db.close();
  });

  it('migrates under the startup lock, with two servers starting at once', async () => {
    const a = await openTestDb();
    const b = await openDb({ databaseUrl: process.env.DATABASE_URL, dataDir: 'memory://' });
    // What main.ts does; each must finish (the lock must not wait on the migration it guards).
    const started = await Promise.all([a, b].map((db) => db.withStartupLock(async () => (await migrate(db)).length)));
    expect(started.every((n) => n >= 0)).toBe(true);
    await Promise.all([a.close(), b.close()]);
  }, 30_000);

  it.skipIf(!!process.env.DATABASE_URL)('locks a PGlite data directory against a second opener', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-lock-'));
    const first = await openDb({ dataDir: dir });
    await expect(openDb({ dataDir: dir })).rejects.toThrow(/already open in this process|in use by process/);
    await first.close();
    const again = await openDb({ dataDir: dir });
    await again.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!!process.env.DATABASE_URL)('refuses a data directory another server process holds, and takes it over once that process is killed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-lock-'));
    const holder = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', "import { openDb } from './api/db/database.ts'; await openDb({ dataDir: process.env.LOCK_DIR }); console.log('holding'); setInterval(() => {}, 1000);"],
      { cwd: path.resolve(import.meta.dirname, '../..'), env: { ...process.env, LOCK_DIR: dir }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (d: Buffer) => d.toString().includes('holding') && resolve());
      holder.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
    });
    await expect(openDb({ dataDir: dir })).rejects.toThrow(`in use by process ${holder.pid}`);
    // A crash leaves the lock file behind; the next server takes the directory over.
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('exit', r));
    const next = await openDb({ dataDir: dir });
    await next.close();
    // A lock naming a live pid that is not a Node process (a pid reused after a reboot) is stale too,
    // and so is one naming this very process that it does not hold (pid 1 reused in a container).
    const pid1IsNode = /node/i.test(fs.readFileSync('/proc/1/cmdline', 'utf8'));
    for (const stalePid of pid1IsNode ? [process.pid] : [1, process.pid]) {
      fs.writeFileSync(path.join(dir, 'parta.lock'), String(stalePid));
      const reopened = await openDb({ dataDir: dir });
      await reopened.close();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
