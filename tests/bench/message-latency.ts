/**
 * Message latency across two API processes: device A pushes a chat message through process 1;
 * device B, streaming from process 2 (graphql-ws), pulls through process 2 whenever its stream
 * wakes it. Latency = push start on A → the message is in B's pull. Both processes share one
 * PostgreSQL database (`bench_latency`), so every message crosses processes by LISTEN/NOTIFY, the
 * way a scaled-out deployment delivers it (ARCHITECTURE «Scaling out»).
 *
 * Against it, in the same run and interleaved with it (so both see the same machine load): the
 * round trip of a raw WebSocket echo to another process on loopback — the floor of any
 * «server tells the other device» path here.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import { startApiProcesses, type ApiProcess } from '../fixtures/api-process.ts';
import { DEMO_SIGN_INS } from '../../api/demo/index.ts';
import { HttpApi, LiveDevice, pushMessage } from '../fixtures/remote-client.ts';
import { onAbort } from './cleanup.ts';
import { withTimeout } from './deadline.ts';
import type { BenchOutcome } from './outcome.ts';
import { distribution, type Distribution } from './percentiles.ts';
import { freshBenchDatabase } from './postgres.ts';
import { isMain, runStandalone } from './standalone.ts';
import { fixed, int, markdownTable } from './table.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DATABASE = 'bench_latency';
const TODAY = '2026-11-18';
/** 7А's parents' chat: the two-child parent (device A) and 7А's homeroom teacher (device B) are in it. */
const CHAT = 'chat-parents-7a';
const MESSAGES = 200;
const WARMUP = 10;
/** Pause between samples (plus up to as much again at random), so a push never rides on the previous wake-up. */
const PAUSE_MS = 25;
const SAMPLE_TIMEOUT_MS = 10_000;
const TOTAL_TIMEOUT_MS = 150_000;
/** A wake-up frame as the server sends it, so the echo carries the same bytes. */
const ECHO_FRAME = JSON.stringify({ id: '00000000-0000-4000-8000-000000000000', type: 'next', payload: { data: { streamMessages: { collection: 'messages' } } } });

/** The echo server, a process of its own like the API servers; exits when the bench's pipe closes. */
const ECHO_SERVER = `
import { WebSocketServer } from 'ws';
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
wss.on('listening', () => console.log('echo listening ' + wss.address().port));
`;

interface EchoServer {
  port: number;
  stop(): void;
}

async function startEchoServer(): Promise<EchoServer> {
  const child = spawn(process.execPath, ['--input-type=module', '--eval', ECHO_SERVER], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => undefined);
  const stop = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /echo listening (\d+)/.exec(output);
      if (m) resolve(Number(m[1]));
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', () => reject(new Error(`echo server exited:\n${output}`)));
    setTimeout(() => reject(new Error(`echo server did not start:\n${output}`)), 15_000);
  }).catch((e: unknown) => {
    stop();
    throw e;
  });
  return { port, stop };
}

/** A connected echo client: each call sends one frame and resolves with the round trip in ms. */
async function echoClient(port: number): Promise<{ roundTrip(): Promise<number>; close(): void }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let waiting: ((at: number) => void) | null = null;
  ws.on('message', () => {
    const at = performance.now();
    const w = waiting;
    waiting = null;
    w?.(at);
  });
  return {
    async roundTrip() {
      const t0 = performance.now();
      const back = new Promise<number>((resolve) => (waiting = resolve));
      ws.send(ECHO_FRAME);
      return (await withTimeout(back, SAMPLE_TIMEOUT_MS, 'echo')) - t0;
    },
    close: () => ws.terminate(),
  };
}

interface Sample {
  /** Push start → message in B's pull. */
  latency: number;
  pushRoundTrip: number;
  /** Push start → the change notification reached a LISTEN connection of the bench's own. */
  notified: number;
  /** Push start → B's stream woke. */
  woke: number;
  /** B's wake-up → message in B's pull. */
  wakeToPulled: number;
  echo: number;
}

async function measure(p1: ApiProcess, p2: ApiProcess, databaseUrl: string, echo: { roundTrip(): Promise<number> }): Promise<Sample[]> {
  const phone = (role: 'parent' | 'teacher'): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;
  const api1 = new HttpApi(p1.url);
  const api2 = new HttpApi(p2.url);
  const a = await api1.signIn(phone('parent'));
  const b = await api2.signIn(phone('teacher'));

  // What B's device sees, keyed by message id: when its stream woke and when its pull brought the message.
  let lastWake = 0;
  const pulledAt = new Map<string, { at: number; wake: number }>();
  const arrivals = new Map<string, (at: number) => void>();
  const device = new LiveDevice({
    api: api2,
    cookie: b.cookie,
    collection: 'messages',
    onSignal: (at) => (lastWake = at),
    onDocs: (docs, at) => {
      for (const doc of docs) {
        pulledAt.set(doc.id, { at, wake: lastWake });
        arrivals.get(doc.id)?.(at);
      }
    },
  });
  const listener = new pg.Client({ connectionString: databaseUrl });
  const notifiedAt: number[] = [];
  listener.on('notification', (n) => {
    if (n.payload === `messages:${CHAT}`) notifiedAt.push(performance.now());
  });
  await listener.connect();
  await listener.query('LISTEN parta_changes');
  try {
    await device.pull();
    device.subscribe(p2.wsUrl, p2.url);
    const first = Date.now();
    while (device.signals < 1) {
      if (Date.now() - first > SAMPLE_TIMEOUT_MS) throw new Error('device B never got the stream’s first wake-up');
      await new Promise((r) => setTimeout(r, 10));
    }
    await device.pull();

    const samples: Sample[] = [];
    for (let i = 0; i < WARMUP + MESSAGES; i++) {
      const id = `latency-${i}`;
      const arrived = new Promise<number>((resolve) => arrivals.set(id, resolve));
      const notifiedBefore = notifiedAt.length;
      const wakeBefore = lastWake;
      const t0 = performance.now();
      await pushMessage(api1, a.cookie, { id, chatId: CHAT, authorId: a.userId, text: `Сообщение ${i + 1}` });
      const pushed = performance.now();
      const at = await withTimeout(arrived, SAMPLE_TIMEOUT_MS, `message ${i + 1} reaching device B`);
      arrivals.delete(id);
      const seen = pulledAt.get(id)!;
      if (device.errors.length) throw new Error(`device B: ${String(device.errors[0])}`);
      const rtt = await echo.roundTrip();
      if (i >= WARMUP) {
        const notified = notifiedAt[notifiedBefore];
        samples.push({
          latency: at - t0,
          pushRoundTrip: pushed - t0,
          notified: notified === undefined ? Number.NaN : notified - t0,
          woke: seen.wake > wakeBefore ? seen.wake - t0 : Number.NaN,
          wakeToPulled: seen.wake > wakeBefore ? at - seen.wake : Number.NaN,
          echo: rtt,
        });
      }
      await new Promise((r) => setTimeout(r, PAUSE_MS + Math.random() * PAUSE_MS));
    }
    return samples;
  } finally {
    await device.close();
    await listener.end().catch(() => undefined);
  }
}

function report(samples: readonly Sample[], loadAtStart: number): BenchOutcome {
  const of = (pick: (s: Sample) => number): Distribution => distribution(samples.map(pick).filter((v) => !Number.isNaN(v)));
  const latency = of((s) => s.latency);
  const echo = of((s) => s.echo);
  const row = (label: string, d: Distribution, digits = 1): string[] => [
    label,
    fixed(d.p50, digits),
    fixed(d.p99, digits),
    fixed(d.max, digits),
    int(d.count),
  ];
  const missingWake = samples.filter((s) => Number.isNaN(s.woke)).length;
  const problems: string[] = [];
  if (latency.count < MESSAGES) problems.push(`only ${latency.count} of ${MESSAGES} messages were measured`);
  if (missingWake) problems.push(`${missingWake} messages reached B without a wake-up of B's stream after the push`);
  const markdown = [
    `### Message latency: device A → API process 1 → PostgreSQL → API process 2 → device B (${MESSAGES} messages)`,
    '',
    markdownTable(
      ['', 'p50 (ms)', 'p99 (ms)', 'max (ms)', 'n'],
      [
        row('**A→B latency** (push start → in B’s pull)', latency),
        row('raw WebSocket echo round trip', echo, 2),
        ['**latency / echo**', `${fixed(latency.p50 / echo.p50, 0)}×`, `${fixed(latency.p99 / echo.p99, 0)}×`, '', ''],
        row('of which: A’s push round trip (process 1)', of((s) => s.pushRoundTrip)),
        row('push start → NOTIFY at a bench LISTEN connection', of((s) => s.notified)),
        row('push start → B’s stream wakes (process 2)', of((s) => s.woke)),
        row('B’s wake-up → message in B’s pull (process 2)', of((s) => s.wakeToPulled)),
      ],
      ['left', 'right', 'right', 'right', 'right'],
    ),
    '',
    `Two API processes (\`api/main.ts\`) on one PostgreSQL database \`${DATABASE}\` (demo school, today ${TODAY}); device A (the parent) ` +
      `signed in and pushes \`pushMessages\` over HTTP to process 1; device B (7А's homeroom teacher) streams \`streamMessages\` over graphql-ws ` +
      `from process 2 and pulls through process 2 on each wake-up (Node clients, keep-alive HTTP, gzip accepted as browsers do). ` +
      `One message at a time into ${CHAT}, ${PAUSE_MS}–${2 * PAUSE_MS} ms apart, after ${WARMUP} unmeasured ones. ` +
      'Echo: a `ws` echo server in a separate Node process; one round trip of a wake-up-sized frame after each message. ' +
      'A stream signals the first change at once and coalesces further ones within 20 ms (api/sync/stream.ts). ' +
      `Load average ${fixed(loadAtStart, 2)} at start (${os.cpus().length} cores shared by both processes, PostgreSQL and the clients).`,
    ...problems.map((p) => `**Problem:** ${p}`),
  ].join('\n');
  return {
    title: 'Message latency',
    markdown,
    summary: `A→B message p50 ${fixed(latency.p50, 1)} ms / p99 ${fixed(latency.p99, 1)} ms across 2 processes (echo ${fixed(echo.p50, 2)} ms)`,
    ok: problems.length === 0,
  };
}

export async function runMessageLatency(): Promise<BenchOutcome> {
  const loadAtStart = os.loadavg()[0] ?? 0;
  const databaseUrl = await freshBenchDatabase(DATABASE);
  const echoServer = await startEchoServer();
  let processes: ApiProcess[] = [];
  const forget = onAbort(() => {
    echoServer.stop();
    for (const p of processes) p.kill();
  });
  try {
    processes = await startApiProcesses(['1', '2'], { today: TODAY, databaseUrl });
    const [p1, p2] = processes as [ApiProcess, ApiProcess];
    const echo = await echoClient(echoServer.port);
    try {
      return report(await withTimeout(measure(p1, p2, databaseUrl, echo), TOTAL_TIMEOUT_MS, 'message latency'), loadAtStart);
    } finally {
      echo.close();
    }
  } finally {
    await Promise.allSettled(processes.map((p) => p.stop()));
    echoServer.stop();
    forget();
  }
}

if (isMain(import.meta.url)) await runStandalone(runMessageLatency, TOTAL_TIMEOUT_MS + 120_000);
