/**
 * Before `npm start` runs the server: online lessons need Janus, so a fresh Debian machine gets it
 * the way the test command does (apt-get, as root); without root, the start says what to run and
 * goes on (everything but calls through the SFU works without it).
 */
import { execFileSync } from 'node:child_process';
import { janusFromEnv } from '../config.ts';
import { log as logger } from '../shared/log.ts';
import { findExecutable } from './executable.ts';
import { ensureDebianProgram, MissingProgramError } from './debian-package.ts';

export function ensureJanusForStart(log: (line: string) => void): void {
  const janus = janusFromEnv(process.env);
  // Off, or someone else's Janus: nothing to install here.
  if (janus.mode !== 'auto' || findExecutable(janus.bin)) return;
  try {
    ensureDebianProgram({ pkg: 'janus', bin: janus.bin.includes('/') ? janus.bin : '/usr/bin/janus', flags: ['--no-install-recommends'] }, log);
  } catch (e) {
    if (e instanceof MissingProgramError) return log(`online lessons need Janus: ${e.message}`);
    return log(`installing Janus failed (${(e as Error).message}); online lessons will be refused until it is installed`);
  }
  // Debian enables a system Janus on the port Parta's own Janus wants (8188): Parta runs its own.
  try {
    execFileSync('systemctl', ['disable', '--now', 'janus.service'], { stdio: 'ignore' });
    log('disabled Debian\'s janus.service: Parta runs its own Janus');
  } catch (error) {
    // No systemd (a container): no service was started, nothing to disable.
    logger('system').debug('systemctl could not disable janus.service', { error });
  }
}
