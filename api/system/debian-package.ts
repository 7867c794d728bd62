/**
 * A program Parta runs that comes from Debian (Janus for online lessons; Chromium for the tests):
 * installed with apt-get when it is missing and we are root, as the README promises; otherwise an
 * error that says exactly what to run. Used by `npm start` and by the test suites alike.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { log as logger } from '../shared/log.ts';

const system = logger('system');

export interface DebianProgram {
  /** The Debian package, e.g. `janus`. */
  pkg: string;
  /** The executable it provides, e.g. `/usr/bin/janus`. */
  bin: string;
  /** Extra apt-get install flags (e.g. `--no-install-recommends`). */
  flags?: string[];
}

export class MissingProgramError extends Error {}

export function ensureDebianProgram({ pkg, bin, flags = [] }: DebianProgram, log: (line: string) => void = (line) => system.info(line)): string {
  if (fs.existsSync(bin)) return bin;
  if (process.getuid?.() !== 0) throw new MissingProgramError(`${bin} is missing. Install Debian's ${pkg}: sudo apt-get install -y ${pkg}`);
  log(`installing ${pkg} from Debian packages (apt-get install ${pkg})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...flags, pkg], { stdio: 'inherit', env });
  if (!fs.existsSync(bin)) throw new MissingProgramError(`apt-get install ${pkg} did not provide ${bin}`);
  return bin;
}
