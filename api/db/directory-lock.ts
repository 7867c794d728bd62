import fs from 'node:fs';
import path from 'node:path';

export interface DirectoryLock {
  release(): void;
}

/**
 * An exclusive lock on a data directory: a `parta.lock` file holding the owner's pid, created
 * with O_EXCL. A lock left by a process that no longer runs (a crash, SIGKILL) is taken over.
 */
export function acquireDirectoryLock(dir: string): DirectoryLock {
  const file = path.join(dir, 'parta.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.on('exit', release);
      return { release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(fs.readFileSync(file, 'utf8'));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `The data directory ${dir} is in use by process ${owner}. ` +
            'Only one Parta server may use an embedded database; stop the other one or set PARTA_DATA_DIR.',
          { cause: e },
        );
      }
      if (owner === process.pid) throw new Error(`The data directory ${dir} is already open in this process.`, { cause: e });
      fs.unlinkSync(file); // stale: its owner is gone
    }
  }
  throw new Error(`Could not lock ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
