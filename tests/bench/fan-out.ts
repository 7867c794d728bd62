/**
 * Fan-out: ONE API process (`api/main.ts`) on PostgreSQL (`bench_fanout`), 1,000 live subscribers —
 * each a distinct signed-in person in 3 of 100 chats, with one graphql-ws stream and a device that
 * pulls on every wake-up — while 50 messages a second, spread over the 100 chats, are pushed through
 * the API (`pushMessages` over HTTP, by a member of the chat) for 60 s.
 *
 * Measured: delivery latency (push start → the message is in the subscriber's pull), the server
 * process's CPU (CPU time / wall) and resident memory (/proc), the PostgreSQL backends' CPU, and
 * lost deliveries: at the end every subscriber must hold exactly the messages of its chats, each
 * once, without any pull other than those its stream caused; anything else fails the benchmark.
 *
 * People, chats, memberships and sessions are written straight into the database (sessions with
 * api/http/sessions.ts's createSession): a thousand sign-ins would mostly measure argon2 and
 * trip the per-address sign-in limit. PostgreSQL rather than PGlite because that is the deployment
 * that has many subscribers (PGlite runs inside the one process and would share its CPU).
 */
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createSession } from '../../api/http/sessions.ts';
import { openDb } from '../../api/db/database.ts';
import { migrate } from '../../api/db/migrate.ts';
import { SESSION_COOKIE } from '../../sync/index.ts';
import { startApiProcess, type ApiProcess } from '../fixtures/api-process.ts';
import { mulberry32 } from '../../api/demo/random.ts';
import { HttpApi, LiveDevice, keepAliveAgent, pushMessage } from '../fixtures/remote-client.ts';
import { onAbort } from './cleanup.ts';
import { withTimeout } from './deadline.ts';
import type { BenchOutcome } from './outcome.ts';
import { distribution, type Distribution } from './percentiles.ts';
import { backends, committedTransactions, freshBenchDatabase } from './postgres.ts';
import { CpuOfProcesses, machineCpu, processCpuSeconds, processMemory } from './proc-stats.ts';
import { isMain, runStandalone } from './standalone.ts';
import { fixed, int, markdownTable, seconds } from './table.ts';

const DATABASE = 'bench_fanout';
const TODAY = '2026-11-18';
const SCHOOL_ID = 'school-fanout';
/** What the benchmark runs; `npm run bench` uses DEFAULTS, a standalone run may change them (--rate=20 …). */
export interface FanOutConfig {
  subscribers: number;
  chats: number;
  chatsPerPerson: number;
  ratePerS: number;
  durationS: number;
  /** Kept-alive HTTP connections the subscribers' pulls share (the pushes have their own pool). */
  pullSockets: number;
  /** Extra node flags for the server process (e.g. `--cpu-prof` while investigating). */
  serverNodeArgs?: readonly string[];
}

export const DEFAULTS: FanOutConfig = { subscribers: 1_000, chats: 100, chatsPerPerson: 3, ratePerS: 50, durationS: 60, pullSockets: 128 };
/** Subscribers that connect (first pull, then the stream) at the same time during setup. */
const CONNECT_CONCURRENCY = 50;
/** Each message has its own author's device: pushes are not queued behind each other in the client. */
const PUSH_SOCKETS = Infinity;
/** Pulls one device makes alone on the quiet server, to calibrate what a pull costs. */
const SOLO_PULLS = 200;
const CONNECT_TIMEOUT_MS = 120_000;
/**
 * After the last push, deliveries settle: every subscriber holds everything it should, or nothing has
 * moved (no wake-up, no pull) for DRAIN_QUIET_MS, so what is missing will not come; DRAIN_TIMEOUT_MS
 * bounds a server that is still delivering, slowly.
 */
const DRAIN_QUIET_MS = 5_000;
const DRAIN_TIMEOUT_MS = 120_000;
const TOTAL_TIMEOUT_MS = 360_000;
const SEED = 20_261_118;

type Run = FanOutConfig & { messages: number };

interface Person {
  id: string;
  cookie: string;
  chats: number[];
}

interface Plan {
  people: Person[];
  /** chat index → member indexes into `people`. */
  members: number[][];
  /** message index → its chat and the person (index) who writes it. */
  messages: { chat: number; author: number }[];
}

const chatId = (c: number): string => `fanout-chat-${String(c).padStart(3, '0')}`;
const messageId = (i: number): string => `fanout-msg-${i}`;
const messageIndex = (id: string): number => (id.startsWith('fanout-msg-') ? Number(id.slice('fanout-msg-'.length)) : -1);

/** A latency for the summary line: milliseconds below a second, seconds above. */
const span = (ms: number): string => (ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/**
 * PostgreSQL 15 publishes an idle backend's counters (pg_stat_database) up to 10 s late
 * (PGSTAT_IDLE_INTERVAL), so statement counts are read only after that long a pause.
 */
const statsFlushed = (): Promise<void> => new Promise((r) => setTimeout(r, 11_000));

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

/** The school, people, chats and memberships, straight into the database; a session per person. */
async function seed(cfg: Run, databaseUrl: string): Promise<Plan> {
  const rng = mulberry32(SEED);
  const ids = Array.from({ length: cfg.subscribers }, (_, i) => `fanout-user-${String(i).padStart(4, '0')}`);
  const chatsOf = ids.map(() => {
    const picked = new Set<number>();
    while (picked.size < cfg.chatsPerPerson) picked.add(Math.floor(rng() * cfg.chats));
    return [...picked].sort((a, b) => a - b);
  });
  const members: number[][] = Array.from({ length: cfg.chats }, () => []);
  chatsOf.forEach((chats, p) => chats.forEach((c) => members[c]!.push(p)));
  if (members.some((m) => m.length < 2)) throw new Error('a chat has fewer than two members; change SEED');

  // Every chat gets the same number of messages, in a shuffled order; a random member writes each.
  const messages: Plan['messages'] = [];
  while (messages.length < cfg.messages) {
    const order = Array.from({ length: cfg.chats }, (_, c) => c);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const chat of order.slice(0, cfg.messages - messages.length)) {
      const m = members[chat]!;
      messages.push({ chat, author: m[Math.floor(rng() * m.length)]! });
    }
  }

  const db = await openDb({ databaseUrl });
  try {
    await migrate(db);
    await db.tx(async (t) => {
      await t.query(`INSERT INTO schools (id, name, time_zone) VALUES ($1, 'Школа нагрузки', 'Europe/Moscow')`, [SCHOOL_ID]);
      await t.query(
        `INSERT INTO users (id, last_name, first_name) SELECT id, 'Нагрузкин', 'Участник ' || n
           FROM unnest($1::text[]) WITH ORDINALITY AS u(id, n)`,
        [ids],
      );
      await t.query(`INSERT INTO memberships (user_id, school_id, role) SELECT id, $2, 'parent' FROM unnest($1::text[]) AS id`, [ids, SCHOOL_ID]);
      await t.query(
        `INSERT INTO chats (id, school_id, kind, title, created_by)
         SELECT id, $3, 'group', 'Чат ' || n, creator FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS c(id, creator, n)`,
        [members.map((_, c) => chatId(c)), members.map((m) => ids[m[0]!]!), SCHOOL_ID],
      );
      const rows = members.flatMap((m, c) => m.map((p, k) => [chatId(c), ids[p]!, k === 0 ? 'admin' : 'member'] as const));
      await t.query(
        `INSERT INTO chat_members (chat_id, user_id, role) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`,
        [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
      );
    });
    const tokens = await mapLimit(ids, 8, (id) => createSession(db, id, 'parta fan-out bench'));
    const people = ids.map((id, p) => ({ id, cookie: `${SESSION_COOKIE}=${tokens[p]!}`, chats: chatsOf[p]! }));
    return { people, members, messages };
  } finally {
    await db.close();
  }
}

interface Measured {
  connectMs: number;
  /** One device pulling alone, before the load: round trip and server CPU per pull. */
  soloPull: { rtt: Distribution; cpuMs: number; statements: number };
  sendMs: number;
  drainMs: number;
  /** Per message: push start and push acknowledged (performance.now()), NaN when it failed. */
  pushStart: Float64Array;
  pushAck: Float64Array;
  pushFailures: string[];
  /** Every delivery: message index, subscriber index, when it was in the subscriber's pull. */
  deliveries: { msg: number[]; person: number[]; at: number[] };
  unknownDocs: number;
  check: { expected: number; lost: number; foreign: number; duplicates: number; stillMissingAfterPull: number | null };
  streamErrors: string[];
  signals: number;
  pulls: number;
  cost: {
    wallS: number;
    serverCpuS: number;
    serverRssPeak: number;
    serverHwm: number;
    pgCpuS: number;
    /**
     * Means over samples every 500 ms: backends running a statement (not waiting for a lock), waiting
     * for the write lock, and inside a transaction waiting for the server's next statement.
     */
    pgActive: number;
    pgLockWaits: number;
    pgIdleInTx: number;
    pgBackendsMax: number;
    machineBusy: number;
    clientCpuS: number;
    loopDelayP99Ms: number;
  };
  storedMessages: number;
}

async function measure(cfg: Run, server: ApiProcess, plan: Plan, monitor: pg.Client): Promise<Measured> {
  const pullApi = new HttpApi(server.url, keepAliveAgent(cfg.pullSockets));
  const pushApi = new HttpApi(server.url, keepAliveAgent(PUSH_SOCKETS));
  const deliveries: Measured['deliveries'] = { msg: [], person: [], at: [] };
  let unknownDocs = 0;
  const devices = plan.people.map(
    (person, p) =>
      new LiveDevice({
        api: pullApi,
        cookie: person.cookie,
        collection: 'messages',
        onDocs: (docs, at) => {
          for (const doc of docs) {
            const i = messageIndex(doc.id);
            if (i < 0) {
              unknownDocs++;
              continue;
            }
            deliveries.msg.push(i);
            deliveries.person.push(p);
            deliveries.at.push(at);
          }
        },
      }),
  );
  let stopMeters = (): void => undefined;
  try {
    // Connect: each device pulls (empty chats), opens its stream and takes the first wake-up's pull.
    const t0 = performance.now();
    await withTimeout(
      mapLimit(devices, CONNECT_CONCURRENCY, async (device) => {
        await device.pull();
        device.subscribe(server.wsUrl, server.url);
        const since = Date.now();
        while (device.signals < 1 && device.errors.length === 0) {
          if (Date.now() - since > 30_000) throw new Error('a subscriber got no first wake-up within 30 s');
          await new Promise((r) => setTimeout(r, 20));
        }
        await device.pull();
      }),
      CONNECT_TIMEOUT_MS,
      `connecting ${cfg.subscribers} subscribers`,
    );
    const connectMs = performance.now() - t0;
    const setupErrors = devices.flatMap((d) => d.errors);
    if (setupErrors.length) throw new Error(`${setupErrors.length} subscribers failed to connect, first: ${String(setupErrors[0])}`);
    // Calibration on the quiet server: what one pull costs when nothing else is going on. (The pause
    // for the statement counters also lets the server settle after the connections.)
    const solo = new LiveDevice({ api: pullApi, cookie: plan.people[0]!.cookie, collection: 'messages' });
    await solo.pull();
    await statsFlushed();
    const soloXacts0 = await committedTransactions(monitor, DATABASE);
    const soloCpu0 = processCpuSeconds(server.pid) ?? 0;
    const soloRtt: number[] = [];
    for (let k = 0; k < SOLO_PULLS; k++) {
      const t = performance.now();
      await solo.pull();
      soloRtt.push(performance.now() - t);
    }
    const soloCpuMs = (((processCpuSeconds(server.pid) ?? 0) - soloCpu0) * 1000) / SOLO_PULLS;
    await statsFlushed();
    // Less the one statement that read the counter.
    const soloStatements = ((await committedTransactions(monitor, DATABASE)) - soloXacts0 - 1) / SOLO_PULLS;
    const soloPull = { rtt: distribution(soloRtt), cpuMs: soloCpuMs, statements: soloStatements };
    if (solo.errors.length) throw new Error(`calibration pulls failed: ${String(solo.errors[0])}`);

    // Cost meters, from the first push to the moment everything is delivered.
    const pgCpu = new CpuOfProcesses();
    pgCpu.start((await backends(monitor, DATABASE)).map((b) => b.pid));
    const activity = { samples: 0, active: 0, lockWaits: 0, idleInTx: 0, backendsMax: 0 };
    const serverCpu0 = processCpuSeconds(server.pid) ?? 0;
    const machine0 = machineCpu();
    const client0 = process.cpuUsage();
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    let rssPeak = 0;
    const memTimer = setInterval(() => (rssPeak = Math.max(rssPeak, processMemory(server.pid)?.rss ?? 0)), 250);
    let sampling = true;
    const pgSampler = (async () => {
      while (sampling) {
        // The monitor connection ends with the run, also when the run is cut short by its timeout.
        const now = await backends(monitor, DATABASE).catch(() => null);
        if (!now) break;
        pgCpu.sample(now.map((b) => b.pid));
        activity.samples++;
        // The write lock every writer of synced rows takes (engine.ts, 001_foundation.sql).
        const waiting = now.filter((b) => b.waitEvent === 'Lock/advisory').length;
        activity.lockWaits += waiting;
        activity.active += now.filter((b) => b.state === 'active').length - waiting;
        activity.idleInTx += now.filter((b) => b.state === 'idle in transaction').length;
        activity.backendsMax = Math.max(activity.backendsMax, now.length);
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    stopMeters = () => {
      sampling = false;
      clearInterval(memTimer);
      loopDelay.disable();
    };
    const signals0 = devices.reduce((s, d) => s + d.signals, 0);
    const pulls0 = devices.reduce((s, d) => s + d.pulls, 0);

    // Open loop: message i is pushed at start + i/RATE whether or not earlier pushes have returned.
    const pushStart = new Float64Array(cfg.messages).fill(Number.NaN);
    const pushAck = new Float64Array(cfg.messages).fill(Number.NaN);
    const pushFailures: string[] = [];
    const inFlight = new Set<Promise<void>>();
    const sendStart = performance.now();
    for (let i = 0; i < cfg.messages; i++) {
      const wait = sendStart + (i * 1000) / cfg.ratePerS - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const { chat, author } = plan.messages[i]!;
      const person = plan.people[author]!;
      pushStart[i] = performance.now();
      const push = pushMessage(pushApi, person.cookie, { id: messageId(i), chatId: chatId(chat), authorId: person.id, text: `Сообщение ${i + 1}`, clientId: 'fan-out-bench' }).then(
        () => void (pushAck[i] = performance.now()),
        (e: unknown) => {
          pushStart[i] = Number.NaN;
          pushFailures.push(`${messageId(i)}: ${(e as Error).message}`);
        },
      );
      inFlight.add(push);
      void push.finally(() => inFlight.delete(push));
    }
    await Promise.all(inFlight);
    const sendMs = performance.now() - sendStart;

    // Drain: wait for every subscriber to hold every accepted message of its chats, pulling only on wake-ups.
    const accepted = (i: number): boolean => !Number.isNaN(pushStart[i]!);
    const perChat = plan.members.map(() => 0);
    plan.messages.forEach((m, i) => {
      if (accepted(i)) perChat[m.chat]!++;
    });
    const expectedOf = plan.people.map((person) => person.chats.reduce((s, c) => s + perChat[c]!, 0));
    const drainStart = performance.now();
    let moved = performance.now();
    let lastActivity = -1;
    while (devices.some((d, p) => d.copy.docs.size < expectedOf[p]!)) {
      const activityNow = devices.reduce((s, d) => s + d.signals + d.pulls + d.copy.received.length, 0);
      if (activityNow !== lastActivity) [lastActivity, moved] = [activityNow, performance.now()];
      if (performance.now() - moved > DRAIN_QUIET_MS || performance.now() - drainStart > DRAIN_TIMEOUT_MS) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // Let pulls already under way land (a wake-up could still bring a duplicate or a foreign document).
    await Promise.all(devices.map((d) => d.idle()));
    const drainMs = performance.now() - drainStart;

    stopMeters();
    await pgSampler;
    const wallS = (performance.now() - sendStart) / 1000;
    const machine1 = machineCpu();
    const client = process.cpuUsage(client0);
    const serverMem = processMemory(server.pid);
    const cost = {
      wallS,
      serverCpuS: (processCpuSeconds(server.pid) ?? 0) - serverCpu0,
      serverRssPeak: Math.max(rssPeak, serverMem?.rss ?? 0),
      serverHwm: serverMem?.peak ?? 0,
      pgCpuS: pgCpu.seconds(),
      pgActive: activity.active / Math.max(1, activity.samples),
      pgLockWaits: activity.lockWaits / Math.max(1, activity.samples),
      pgIdleInTx: activity.idleInTx / Math.max(1, activity.samples),
      pgBackendsMax: activity.backendsMax,
      machineBusy: ((machine1.busy - machine0.busy) / (machine1.total - machine0.total)) * os.cpus().length,
      clientCpuS: (client.user + client.system) / 1e6,
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    };

    // Exactly the messages of its chats, each once.
    const check = { expected: 0, lost: 0, foreign: 0, duplicates: 0, stillMissingAfterPull: null as number | null };
    const missingBy: number[] = [];
    plan.people.forEach((person, p) => {
      const device = devices[p]!;
      const mine = new Set(person.chats);
      const got = new Set<number>();
      for (const doc of device.copy.received) {
        const i = messageIndex(doc.id);
        if (got.has(i)) check.duplicates++;
        got.add(i);
        if (i < 0 || !mine.has(plan.messages[i]!.chat) || !accepted(i)) check.foreign++;
      }
      check.expected += expectedOf[p]!;
      let missing = 0;
      plan.messages.forEach((m, i) => {
        if (mine.has(m.chat) && accepted(i) && !got.has(i)) missing++;
      });
      check.lost += missing;
      if (missing) missingBy.push(p);
    });
    if (check.lost) {
      // Were they lost wake-ups (a pull now finds them) or lost data (not even a pull does)?
      await Promise.all(missingBy.map((p) => devices[p]!.pull()));
      check.stillMissingAfterPull = missingBy.reduce((s, p) => s + Math.max(0, expectedOf[p]! - devices[p]!.copy.docs.size), 0);
    }
    const [stored] = (await monitor.query<{ n: string }>(`SELECT count(*) AS n FROM messages WHERE id LIKE 'fanout-msg-%'`)).rows;
    return {
      connectMs,
      soloPull,
      sendMs,
      drainMs,
      pushStart,
      pushAck,
      pushFailures,
      deliveries,
      unknownDocs,
      check,
      streamErrors: devices.flatMap((d) => d.errors.map(String)),
      signals: devices.reduce((s, d) => s + d.signals, 0) - signals0,
      pulls: devices.reduce((s, d) => s + d.pulls, 0) - pulls0,
      cost,
      storedMessages: Number(stored?.n ?? 0),
    };
  } finally {
    stopMeters();
    await mapLimit(devices, 100, (d) => d.close().catch(() => undefined));
  }
}

function report(cfg: Run, m: Measured, plan: Plan, loadAtStart: number): BenchOutcome {
  const fromStart: number[] = [];
  const fromAck: number[] = [];
  for (let k = 0; k < m.deliveries.msg.length; k++) {
    const i = m.deliveries.msg[k]!;
    // The author's own device wrote the message; its pull returning it is not a delivery anyone waits for.
    if (plan.messages[i]!.author === m.deliveries.person[k]) continue;
    const start = m.pushStart[i]!;
    if (Number.isNaN(start)) continue;
    fromStart.push(m.deliveries.at[k]! - start);
    fromAck.push(m.deliveries.at[k]! - m.pushAck[i]!);
  }
  const accepted = m.pushStart.filter((v) => !Number.isNaN(v)).length;
  const pushRtt: number[] = [];
  for (let i = 0; i < cfg.messages; i++) if (!Number.isNaN(m.pushAck[i]!)) pushRtt.push(m.pushAck[i]! - m.pushStart[i]!);
  const empty: Distribution = { count: 0, p50: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const dist = (v: number[]): Distribution => (v.length ? distribution(v) : empty);
  const latency = dist(fromStart);
  const row = (label: string, d: Distribution): string[] => [label, fixed(d.p50, 1), fixed(d.p99, 1), fixed(d.max, 1), int(d.count)];
  const sizes = plan.members.map((x) => x.length);
  const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const c = m.cost;

  const problems: string[] = [];
  if (m.check.lost) problems.push(`${int(m.check.lost)} deliveries lost (${int(m.check.stillMissingAfterPull ?? 0)} still missing after a final pull)`);
  if (m.check.foreign) problems.push(`${int(m.check.foreign)} documents reached subscribers outside their chats`);
  if (m.check.duplicates) problems.push(`${int(m.check.duplicates)} duplicate deliveries`);
  if (m.unknownDocs) problems.push(`${int(m.unknownDocs)} unexpected documents pulled`);
  if (m.pushFailures.length) problems.push(`${m.pushFailures.length} pushes failed, first: ${m.pushFailures[0]}`);
  if (m.streamErrors.length) problems.push(`${m.streamErrors.length} subscriber errors, first: ${m.streamErrors[0]}`);
  if (m.storedMessages !== accepted) problems.push(`${m.storedMessages} messages stored for ${accepted} accepted pushes`);

  const markdown = [
    `### Fan-out: ${int(cfg.subscribers)} live subscribers, ${cfg.chats} chats, ${cfg.ratePerS} messages/s for ${cfg.durationS} s (one API process, PostgreSQL)`,
    '',
    markdownTable(
      ['Delivery', 'p50 (ms)', 'p99 (ms)', 'max (ms)', 'n'],
      [
        row('**push start → in the subscriber’s pull**', latency),
        row('push acknowledged → in the subscriber’s pull', dist(fromAck)),
        row('push round trip (pushMessages)', dist(pushRtt)),
      ],
      ['left', 'right', 'right', 'right', 'right'],
    ),
    '',
    markdownTable(
      ['Run', 'Value'],
      [
        ['subscribers (distinct people, one WebSocket each)', int(cfg.subscribers)],
        ['chats per person / members per chat', `${cfg.chatsPerPerson} / ${Math.min(...sizes)}–${Math.max(...sizes)} (mean ${fixed(cfg.subscribers * cfg.chatsPerPerson / cfg.chats, 0)})`],
        ['subscribers connected (pull + stream + first wake-up) in', seconds(m.connectMs / 1000)],
        ['messages pushed and accepted / stored', `${int(accepted)} / ${int(m.storedMessages)} in ${seconds(m.sendMs / 1000)} (${fixed(accepted / (m.sendMs / 1000), 1)}/s)`],
        ['deliveries expected (authors included) / **lost**', `${int(m.check.expected)} / **${int(m.check.lost)}**`],
        ['duplicates / outside the subscriber’s chats', `${int(m.check.duplicates)} / ${int(m.check.foreign)}`],
        ['wake-ups received / pulls made', `${int(m.signals)} / ${int(m.pulls)}`],
        ['drain after the last push acknowledged', seconds(m.drainMs / 1000)],
      ],
      ['left', 'right'],
    ),
    '',
    markdownTable(
      ['Cost (first push → all delivered)', 'Value'],
      [
        ['**server process CPU** (CPU time / wall)', `${fixed(c.serverCpuS / c.wallS, 2)} cores (${fixed(c.serverCpuS, 1)} s in ${fixed(c.wallS, 1)} s)`],
        ['**server peak RSS** (sampled every 250 ms) / VmHWM', `${mb(c.serverRssPeak)} / ${mb(c.serverHwm)}`],
        ['server CPU per pull under load (all server CPU / pulls made)', `${fixed((c.serverCpuS * 1000) / Math.max(1, m.pulls), 1)} ms`],
        [
          `one device pulling alone before the load (${SOLO_PULLS} pulls): server CPU, SQL statements, round trip p50 / p99 — per pull`,
          `${fixed(m.soloPull.cpuMs, 2)} ms, ${fixed(m.soloPull.statements, 1)}, ${fixed(m.soloPull.rtt.p50, 2)} / ${fixed(m.soloPull.rtt.p99, 2)} ms`,
        ],
        [`PostgreSQL backends of ${DATABASE} (CPU / wall)`, `${fixed(c.pgCpuS / c.wallS, 2)} cores`],
        [
          'PostgreSQL backends (mean): running a statement / waiting for the write lock / idle in transaction; connected (max)',
          `${fixed(c.pgActive, 1)} / ${fixed(c.pgLockWaits, 1)} / ${fixed(c.pgIdleInTx, 1)}; ${c.pgBackendsMax}`,
        ],
        [`bench client (${int(cfg.subscribers)} devices + writer) CPU / wall`, `${fixed(c.clientCpuS / c.wallS, 2)} cores, event-loop delay p99 ${fixed(c.loopDelayP99Ms, 1)} ms`],
        [`machine, all ${os.cpus().length} cores`, `${fixed(c.machineBusy, 2)} cores busy (load average ${fixed(loadAtStart, 2)} at start)`],
      ],
      ['left', 'right'],
    ),
    '',
    `One API process (\`api/main.ts\`) on PostgreSQL database \`${DATABASE}\`; people, chats, memberships and sessions (createSession) seeded in SQL. ` +
      `Messages are written through the API: \`pushMessages\` over HTTP by a random member of the chat, open loop (message i at i/${cfg.ratePerS} s), ` +
      `every chat getting ${fixed(cfg.messages / cfg.chats, 0)}. Each subscriber is a Node device: one graphql-ws stream, pulls on each wake-up (one pull at a time, ` +
      `one more if woken meanwhile) through a shared keep-alive pool of ${cfg.pullSockets} connections, gzip accepted. ` +
      'Latency excludes the author’s own device; «lost» counts messages of a subscriber’s chats not in its pulls once deliveries settled, ' +
      'with no pull other than those its stream caused. Wake-ups outnumber pulls where a device was woken again during a pull. ' +
      'SQL statements per pull: pg_stat_database.xact_commit over the calibration pulls (each statement outside BEGIN…COMMIT is a transaction). ' +
      'Client, server and PostgreSQL share the machine’s cores.',
    ...problems.map((p) => `**Problem:** ${p}`),
  ].join('\n');
  return {
    title: 'Fan-out',
    markdown,
    summary:
      `fan-out to ${int(cfg.subscribers)} subscribers p50 ${span(latency.p50)} / p99 ${span(latency.p99)}, ` +
      `server ${fixed(c.serverCpuS / c.wallS, 2)} cores, ${mb(c.serverRssPeak)}, ${int(m.check.lost)} lost`,
    ok: problems.length === 0,
  };
}

export async function runFanOut(options: Partial<FanOutConfig> = {}): Promise<BenchOutcome> {
  const base = { ...DEFAULTS, ...options };
  const cfg: Run = { ...base, messages: Math.round(base.ratePerS * base.durationS) };
  const loadAtStart = os.loadavg()[0] ?? 0;
  const databaseUrl = await freshBenchDatabase(DATABASE);
  const plan = await seed(cfg, databaseUrl);
  let server: ApiProcess | null = null;
  const forget = onAbort(() => server?.kill());
  const monitor = new pg.Client({ connectionString: databaseUrl });
  try {
    // PARTA_DEMO=0: a real school's server, no demo school beside the seeded one.
    server = await startApiProcess({ name: 'fan-out', today: TODAY, databaseUrl, env: { PARTA_DEMO: '0' }, ...(cfg.serverNodeArgs ? { nodeArgs: cfg.serverNodeArgs } : {}) });
    await monitor.connect();
    return report(cfg, await withTimeout(measure(cfg, server, plan, monitor), TOTAL_TIMEOUT_MS, 'fan-out'), plan, loadAtStart);
  } finally {
    await monitor.end().catch(() => undefined);
    await server?.stop();
    forget();
  }
}

if (isMain(import.meta.url)) {
  // e.g. `node --import tsx tests/bench/fan-out.ts --rate=20 --duration=20`; numbers only.
  const { values } = parseArgs({
    options: Object.fromEntries(['subscribers', 'chats', 'per-person', 'rate', 'duration', 'sockets'].map((k) => [k, { type: 'string' as const }])),
  });
  const num = (k: string): number | undefined => (values[k] === undefined ? undefined : Number(values[k]));
  const options = Object.fromEntries(
    Object.entries({
      subscribers: num('subscribers'),
      chats: num('chats'),
      chatsPerPerson: num('per-person'),
      ratePerS: num('rate'),
      durationS: num('duration'),
      pullSockets: num('sockets'),
    }).filter(([, v]) => v !== undefined),
  ) as Partial<FanOutConfig>;
  // PARTA_BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=.tmp/prof': profile the server.
  const nodeArgs = process.env.PARTA_BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean);
  await runStandalone(() => runFanOut({ ...options, ...(nodeArgs ? { serverNodeArgs: nodeArgs } : {}) }), TOTAL_TIMEOUT_MS + 180_000);
}
