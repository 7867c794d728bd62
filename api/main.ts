/** Starts Parta: database, migrations, the demo school on first start, then the HTTP server. */
import fs from 'node:fs';
import { createServer } from 'node:http';
import { createApp } from './app.ts';
import { startSfu } from './calls/janus/start.ts';
import { configFromEnv } from './config.ts';
import { openDb } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { ensureDemoSchool } from './demo/ensure.ts';
import { configureLog, log, settingsFromEnv } from './shared/log.ts';

// This is the server process, also when a test started it: it logs at its own level.
configureLog(settingsFromEnv(process.env, false));
const logger = log('parta');

const config = configFromEnv();
const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
// Several API processes may start together on one PostgreSQL: one migrates and seeds, the others wait.
const demo = await db.withStartupLock(async () => {
  await migrate(db);
  return config.demo ? ensureDemoSchool(db, config.demoToday) : null;
});
// Without a build (an API-only process in development) serve the API alone rather than crash.
const hasApp = fs.existsSync(config.staticDir);
if (!hasApp) logger.warn(`${config.staticDir} not found: serving the API only (npm run build builds the app)`);
// Janus is a child of this process (loopback only); without it the rest of Parta works as before.
const calls = await startSfu(config.janus, config.dataDir, { maxPeople: config.meshMax });
const app = await createApp({ db, ...(hasApp ? { staticDir: config.staticDir } : {}), trustProxy: config.trustProxy, sfu: calls.sfu, meshMax: config.meshMax, ice: { iceServers: config.iceServers, turn: config.turn }, introspection: config.introspection });
const server = createServer((req, res) => app.handleHttp(req, res));
app.attachWebSockets(server);
server.listen(config.port, config.host, () => {
  const where = config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`;
  logger.info(`Parta is running at http://localhost:${config.port}/ (database: ${where})`);
  if (calls.janus) logger.info(`Calls: ${calls.status}`);
  else logger.warn(`Calls: ${calls.status}`);
  if (demo) {
    logger.info(`Demo school «${demo.schoolName}» — sign in with password «${demo.password}»:`);
    for (const s of demo.signIns) logger.info(`  ${s.phone}  ${s.role.padEnd(8)} ${s.note}`);
  }
});

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.closeAllConnections();
  server.close();
  await app.close();
  await calls.close();
  await db.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// Under `npm start` a supervisor (supervise.ts) runs this process: when it is gone, so are we.
if (process.channel) process.on('disconnect', () => void stop());
