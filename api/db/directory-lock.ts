import fs from 'node:fs';
import path from 'node:path';
import { log } from '../shared/log.ts';

export interface DirectoryLock {
  release(): void;
}

/** Directories this process holds: a lock file with our own pid that is not here is stale. */
const held = new Set<string>();

/**
 * An exclusive lock on a data directory: a `parta.lock` file holding the owner's pid, created
 * with O_EXCL. A lock left behind by a process that is gone (crash, SIGKILL, power cut) is taken
 * over — including when the pid was reused, as it often is in containers (pid 1) or after a reboot.
 */
export function acquireDirectoryLock(dir: string): DirectoryLock {
  const key = path.resolve(dir);
  if (held.has(key)) throw new Error(`The data directory ${dir} is already open in this process.`);
  const file = path.join(dir, 'parta.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      held.add(key);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        held.delete(key);
        process.off('exit', release);
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch (error) {
          // Already gone is fine; anything else leaves a lock file the next start will judge by its pid.
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log('db').warn('releasing the data directory lock failed', { file, error });
        }
      };
      process.on('exit', release);
      return { release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(fs.readFileSync(file, 'utf8'));
      if (owner && owner !== process.pid && isLiveNodeProcess(owner)) {
        throw new Error(
          `The data directory ${dir} is in use by process ${owner}. ` +
            'Only one Parta server may use an embedded database; stop the other one or set PARTA_DATA_DIR.',
          { cause: e },
        );
      }
      fs.unlinkSync(file); // stale: its owner is gone, or the pid now belongs to us or to another program
    }
  }
  throw new Error(`Could not lock ${dir}`);
}

function isLiveNodeProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // Where /proc tells, a live pid that is not a Node process is a reused pid, not a Parta server.
  try {
    return /node/i.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true;
  }
}
