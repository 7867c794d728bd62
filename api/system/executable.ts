import fs from 'node:fs';
import path from 'node:path';

/** A program on PATH (or an explicit path), e.g. `janus`, if it is an executable file. */
export function findExecutable(bin: string, envPath = process.env.PATH ?? ''): string | null {
  const candidates = bin.includes('/') ? [bin] : [...envPath.split(':').filter(Boolean), '/usr/bin', '/usr/local/bin', '/opt/janus/bin'].map((dir) => path.join(dir, bin));
  for (const file of candidates) {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // Not there.
    }
  }
  return null;
}
