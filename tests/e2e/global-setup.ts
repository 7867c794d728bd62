import { ensureChromium } from './ensure-chromium.ts';
import { startServer } from './server.ts';
import { E2E_TODAY } from './pinned-time.ts';

/** One server for the suite: the built app on a fresh embedded database with the demo school. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  ensureChromium();
  const server = await startServer({ today: E2E_TODAY });
  process.env.PARTA_E2E_URL = server.url;
  return () => server.stop();
}
