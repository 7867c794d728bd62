/**
 * The end-to-end and benchmark suites drive Debian's Chromium. A fresh machine lacks it: install it
 * with apt-get when we are root, otherwise stop with a clear message (never skip the tests).
 */
import { ensureDebianProgram } from '../../api/system/debian-package.ts';

export const CHROMIUM = process.env.PARTA_CHROMIUM ?? '/usr/bin/chromium';

export function ensureChromium(): string {
  return ensureDebianProgram({ pkg: 'chromium', bin: CHROMIUM }, (line) => console.log(`[e2e] ${line}`));
}

/** Flags measured to work on these machines (STACK-NOTES «Browser tests»). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
