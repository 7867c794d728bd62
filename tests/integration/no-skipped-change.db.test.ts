/**
 * Sync checkpoints never skip a change that a concurrent transaction commits late.
 *
 * fast-check generates schedules: 2–6 concurrent writers, each running a few transactions that
 * insert, edit and delete messages of the demo chat of 7А with pauses inside (before the first write,
 * between writes, before COMMIT), so transactions overlap and commit in another order than they
 * began; and 1–3 devices (the student's and the homeroom teacher's, both members of that chat) that
 * follow pull checkpoints through the real server, with small pages, while the writers run, and once
 * more after they finished.
 *
 * The checker holds every complete pull to the rule that makes a (position, id) checkpoint safe: a
 * device whose checkpoint is at position C holds, for every row, exactly the latest committed version
 * whose position is ≤ C. A version below the checkpoint that the device lacks was skipped; an older
 * one it still holds is stale; one above C must not have been delivered yet. After the final pull
 * (started once every writer committed) the device must hold the stored version of every row.
 *
 * PostgreSQL (DATABASE_URL): writers and pulls use separate pool connections and truly run
 * concurrently; the test also checks that some transactions did commit out of the order they began.
 * PGlite (default): there is one connection, and a transaction holds it until it commits, so
 * transactions are serialised and pulls wait for them. There the property still covers pulls that
 * stop and resume between commits and pages that end in the middle of a burst, but commit reordering
 * only happens on PostgreSQL.
 *
 * The controls show the property has teeth. A scratch table whose positions come from a plain
 * sequence (no advisory lock), read with the same (position, id) checkpoint walk in SQL:
 * - a fixed schedule — transaction 1 draws a position and waits, transaction 2 commits, a device
 *   pulls past the position, transaction 1 commits — must make the checker report the skipped row
 *   (on PGlite, which cannot keep two transactions open, the same history is replayed in order);
 * - on PostgreSQL, the same schedule against `messages` must pass (transaction 2 waits for the lock),
 *   and the random property itself, run against the scratch table, must fail.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../api/db/database.ts';
import { DEMO_SIGN_INS, DEMO_TEACHER_ID } from '../fixtures/demo-school/index.ts';
import { emptyCopy, pullInto } from '../fixtures/sync-client.ts';
import { startTestApp, type TestApp } from '../fixtures/test-app.ts';

const CHAT = 'chat-class-7a';
const CREATED_AT = '2026-11-18T10:00:00+03:00';
/** Fast-check runs; each takes a fraction of a second (more on PGlite, where everything queues). */
const NUM_RUNS = 20;

const phoneOf = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------------
// The checker

/** One committed version of a row, as the writer's statement returned it. */
interface Version {
  id: string;
  pos: bigint;
  text: string;
  deleted: boolean;
}
type Held = Omit<Version, 'id'>;

/** What a device held right after one complete pull (pages until a short one). */
interface Observation {
  device: string;
  pull: number;
  checkpoint: bigint;
  /** The last version received of every row under test. */
  held: ReadonlyMap<string, Held>;
}

const show = (v: Held | undefined): string => (v ? `${v.text}@${v.pos}${v.deleted ? ' (deleted)' : ''}` : 'nothing');
const same = (a: Held | undefined, b: Held | undefined): boolean =>
  a === b || (!!a && !!b && a.pos === b.pos && a.text === b.text && a.deleted === b.deleted);

/**
 * Every way an observation breaks «at checkpoint C the device holds the latest version at or below C
 * of every row» (empty when none does). `versions` is every committed version of the rows under test.
 */
function findSkips(versions: readonly Version[], observations: readonly Observation[]): string[] {
  const history = new Map<string, Version[]>();
  for (const v of versions) {
    const list = history.get(v.id) ?? [];
    list.push(v);
    history.set(v.id, list);
  }
  const problems: string[] = [];
  for (const o of observations) {
    const at = `${o.device} pull ${o.pull} (checkpoint ${o.checkpoint})`;
    for (const [id, list] of history) {
      let due: Version | undefined;
      for (const v of list) if (v.pos <= o.checkpoint && (!due || v.pos > due.pos)) due = v;
      const held = o.held.get(id);
      if (!same(due, held)) problems.push(`${at}: ${id} should be ${show(due)}, holds ${show(held)}`);
    }
    for (const [id, held] of o.held) if (!history.has(id)) problems.push(`${at}: ${id} was never committed, holds ${show(held)}`);
  }
  return problems;
}

/** The latest version of each row, by position. */
function latest(versions: readonly Version[]): Map<string, Held> {
  const last = new Map<string, Held>();
  for (const { id, ...v } of versions) {
    const known = last.get(id);
    if (!known || v.pos > known.pos) last.set(id, v);
  }
  return last;
}

type Stored = { id: string; pos: number | string; text: string; deleted: boolean };
/** Positions come back as numbers from PGlite and as strings from `pg`. */
const toVersion = (row: Stored): Version => ({ id: row.id, pos: BigInt(row.pos), text: row.text, deleted: row.deleted });

function lastReceived(received: readonly Stored[], prefix: string): Map<string, Held> {
  const held = new Map<string, Held>();
  for (const row of received) {
    if (!row.id.startsWith(prefix)) continue;
    const { id, ...v } = toVersion(row);
    held.set(id, v);
  }
  return held;
}

// ---------------------------------------------------------------------------------------------------
// What is written (a table) and who reads it (devices)

type Kind = 'insert' | 'edit' | 'delete';

interface Target {
  table: string;
  /** Writes one version of row `id` inside `q` and returns it as stored. */
  write(q: Queryable, kind: Kind, id: string, text: string): Promise<Version>;
}

async function one(rows: Promise<Stored[]>): Promise<Version> {
  const [row] = await rows;
  if (!row) throw new Error('the write touched no row');
  return toVersion(row);
}

/** Messages of the demo chat of 7А, positioned by the real trigger (advisory lock, then the sequence). */
const messages: Target = {
  table: 'messages',
  write: (q, kind, id, text) =>
    one(
      kind === 'insert'
        ? q.query<Stored>(
            `INSERT INTO messages (id, chat_id, author_id, client_id, text, created_at) VALUES ($1, $2, $3, 'race', $4, $5)
             RETURNING id, pos, text, deleted`,
            [id, CHAT, DEMO_TEACHER_ID, text, CREATED_AT],
          )
        : q.query<Stored>(
            `UPDATE messages SET text = $2, ${kind === 'delete' ? 'deleted = true' : 'edited = true'} WHERE id = $1
             RETURNING id, pos, text, deleted`,
            [id, text],
          ),
    ),
};

/**
 * The control: positions from a plain sequence, drawn when the row is written, with no lock — what
 * 001_foundation.sql warns against. Created and dropped by the control test.
 */
const naive: Target = {
  table: 'race_naive',
  write: (q, kind, id, text) =>
    one(
      kind === 'insert'
        ? q.query<Stored>('INSERT INTO race_naive (id, text) VALUES ($1, $2) RETURNING id, pos, text, deleted', [id, text])
        : q.query<Stored>(
            `UPDATE race_naive SET text = $2, pos = nextval('race_naive_pos')${kind === 'delete' ? ', deleted = true' : ''}
             WHERE id = $1 RETURNING id, pos, text, deleted`,
            [id, text],
          ),
    ),
};

interface Device {
  name: string;
  /** One complete pull in pages of `limit`: the checkpoint reached and what it holds of rows `prefix*`. */
  pull(limit: number, prefix: string): Promise<Omit<Observation, 'device' | 'pull'>>;
}

/** A device of a signed-in person, pulling messages through the real server like the app does. */
function serverDevice(name: string, cookie: string): Device {
  const copy = emptyCopy();
  return {
    name,
    async pull(limit, prefix) {
      await pullInto(t, 'messages', cookie, copy, limit);
      return { checkpoint: BigInt(copy.checkpoint?.pos ?? '0'), held: lastReceived(copy.received as unknown as Stored[], prefix) };
    },
  };
}

/** The same (position, id) checkpoint walk as the engine's pull, in SQL, over the scratch table. */
function naiveDevice(name: string): Device {
  const received: Stored[] = [];
  let checkpoint = { pos: '0', id: '' };
  return {
    name,
    async pull(limit, prefix) {
      for (;;) {
        const rows = await t.db.query<Stored>(
          `SELECT id, pos, text, deleted FROM race_naive
            WHERE pos > $1::bigint OR (pos = $1::bigint AND id > $2) ORDER BY pos, id LIMIT $3`,
          [checkpoint.pos, checkpoint.id, limit],
        );
        received.push(...rows);
        const last = rows[rows.length - 1];
        if (last) checkpoint = { pos: String(last.pos), id: last.id };
        if (rows.length < limit) break;
      }
      return { checkpoint: BigInt(checkpoint.pos), held: lastReceived(received, prefix) };
    },
  };
}

async function storedRows(target: Target, prefix: string): Promise<Map<string, Held>> {
  const rows = await t.db.query<Stored>(`SELECT id, pos, text, deleted FROM ${target.table} WHERE starts_with(id, $1)`, [prefix]);
  return latest(rows.map(toVersion));
}

// ---------------------------------------------------------------------------------------------------
// The property

interface Op {
  kind: Kind;
  /** Which of the writer's rows an edit or delete touches (modulo how many it has). */
  row: number;
  /** ms before the statement, inside the transaction. */
  pause: number;
}
interface Tx {
  /** ms before BEGIN. */
  wait: number;
  ops: Op[];
  /** ms between the last write and COMMIT. */
  hold: number;
}
interface ReaderPlan {
  device: number;
  limit: number;
  /** ms between pulls. */
  gap: number;
}
interface Schedule {
  writers: Tx[][];
  readers: ReaderPlan[];
}

const DEVICE_COUNT = 4;

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.constant<Kind>('insert'), weight: 3 },
    { arbitrary: fc.constant<Kind>('edit'), weight: 3 },
    { arbitrary: fc.constant<Kind>('delete'), weight: 1 },
  ),
  row: fc.nat({ max: 7 }),
  pause: fc.integer({ min: 0, max: 8 }),
});
const txArb: fc.Arbitrary<Tx> = fc.record({
  wait: fc.integer({ min: 0, max: 10 }),
  ops: fc.array(opArb, { minLength: 1, maxLength: 3 }),
  hold: fc.integer({ min: 0, max: 15 }),
});
const scheduleArb: fc.Arbitrary<Schedule> = fc.record({
  writers: fc.array(fc.array(txArb, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 6 }),
  readers: fc.uniqueArray(
    fc.record({ device: fc.nat({ max: DEVICE_COUNT - 1 }), limit: fc.integer({ min: 1, max: 4 }), gap: fc.integer({ min: 0, max: 6 }) }),
    { minLength: 1, maxLength: 3, selector: (r) => r.device },
  ),
});

interface Outcome {
  versions: Version[];
  observations: Observation[];
  /** Pairs of transactions where the one that began first committed second. */
  reordered: number;
  /** Pulls during the race that stopped strictly inside this run's range of positions. */
  midway: number;
}

/**
 * Runs a schedule: every writer first gets a row of its own, the devices catch up, then writers and
 * devices race; each device pulls once more after the last commit.
 *
 * Edits and deletes touch only the writer's own rows. An UPDATE locks its row before the position
 * trigger takes the advisory lock, so two writers updating a shared row without taking the advisory
 * lock first (as push does) can deadlock: that is a lock-order question, not the one tested here.
 */
async function runSchedule(target: Target, devices: readonly Device[], schedule: Schedule, prefix: string): Promise<Outcome> {
  const versions: Version[] = [];
  const observations: Observation[] = [];
  const pulls = new Map<string, number>();
  const observe = async (device: Device, limit: number): Promise<Observation> => {
    const n = pulls.get(device.name) ?? 0;
    pulls.set(device.name, n + 1);
    const o = { device: device.name, pull: n, ...(await device.pull(limit, prefix)) };
    observations.push(o);
    return o;
  };

  const owned = await Promise.all(
    schedule.writers.map(async (_, w) => {
      const id = `${prefix}w${w}-seed`;
      versions.push(await target.write(t.db, 'insert', id, id));
      return [id];
    }),
  );
  const readers = schedule.readers.map((r) => ({ ...r, device: devices[r.device]! }));
  for (const r of readers) await observe(r.device, 500);
  const start = versions.reduce((max, v) => (v.pos > max ? v.pos : max), 0n);

  let clock = 0;
  const lifetimes: { began: number; committed: number }[] = [];
  const writer = async (txs: Tx[], w: number): Promise<void> => {
    const rows = owned[w]!;
    for (const [i, tx] of txs.entries()) {
      await sleep(tx.wait);
      let began = 0;
      const written = await t.db.tx(async (q) => {
        began = ++clock;
        const out: Version[] = [];
        for (const [j, op] of tx.ops.entries()) {
          await sleep(op.pause);
          const id = op.kind === 'insert' ? `${prefix}w${w}-t${i}-o${j}` : rows[op.row % rows.length]!;
          out.push(await target.write(q, op.kind, id, `${prefix}w${w}-t${i}-o${j}:${op.kind}`));
          if (op.kind === 'insert') rows.push(id);
        }
        await sleep(tx.hold);
        return out;
      });
      lifetimes.push({ began, committed: ++clock });
      versions.push(...written);
    }
  };

  let done = false;
  const writing = Promise.allSettled(schedule.writers.map(writer)).finally(() => {
    done = true;
  });
  const during: Observation[] = [];
  const reading = readers.map(async ({ device, limit, gap }) => {
    while (!done) {
      during.push(await observe(device, limit));
      await sleep(gap);
    }
  });
  // Let everything finish before reporting a failure, so nothing still writes into the next run.
  const failed = [...(await writing), ...(await Promise.allSettled(reading))].find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  // Every writer has committed: one more pull each must bring everything.
  await Promise.all(readers.map((r) => observe(r.device, r.limit)));

  const end = versions.reduce((max, v) => (v.pos > max ? v.pos : max), 0n);
  const midway = during.filter((o) => o.checkpoint > start && o.checkpoint < end).length;

  let reordered = 0;
  for (const a of lifetimes) for (const b of lifetimes) if (a.began < b.began && a.committed > b.committed) reordered++;
  return { versions, observations, reordered, midway };
}

/** The property for one schedule: every pull consistent with its checkpoint, the last one complete. */
async function checkSchedule(target: Target, devices: readonly Device[], schedule: Schedule, prefix: string): Promise<Outcome> {
  const outcome = await runSchedule(target, devices, schedule, prefix);
  const problems = findSkips(outcome.versions, outcome.observations);
  if (problems.length) throw new Error(`${problems.length} skipped or stale:\n${problems.slice(0, 12).join('\n')}`);
  // The version log is what the table holds, and the last pull of every device holds exactly that.
  const stored = await storedRows(target, prefix);
  expect(latest(outcome.versions)).toEqual(stored);
  for (const r of schedule.readers) {
    const name = devices[r.device]!.name;
    const last = outcome.observations.filter((o) => o.device === name).at(-1)!;
    expect(last.held, `${name}, last pull`).toEqual(stored);
  }
  return outcome;
}

/** A failure depends on timing, so shrinking would chase another interleaving each time: report the first. */
const runs = (numRuns: number): fc.Parameters<[Schedule]> => ({ numRuns, endOnFailure: true });

describe('checkpoints never skip a change committed late', () => {
  it('fast-check: concurrent writers with pauses inside transactions, devices following checkpoints meanwhile', async () => {
    const student = await t.signIn(phoneOf('student'));
    const teacher = await t.signIn(phoneOf('teacher'));
    // Two devices each of a student of 7А and of its homeroom teacher, kept across runs like real ones.
    const devices = Array.from({ length: DEVICE_COUNT }, (_, i) =>
      i % 2 ? serverDevice(`teacher-${i}`, teacher) : serverDevice(`student-${i}`, student),
    );
    for (const d of devices) await d.pull(500, 'race-');

    let run = 0;
    let reordered = 0;
    let midway = 0;
    await fc.assert(
      fc.asyncProperty(scheduleArb, async (schedule) => {
        const outcome = await checkSchedule(messages, devices, schedule, `race-${++run}-`);
        reordered += outcome.reordered;
        midway += outcome.midway;
      }),
      runs(NUM_RUNS),
    );
    // The races happened: devices pulled in the middle of bursts and, where transactions really run
    // concurrently, some began before another and committed after it.
    expect(midway).toBeGreaterThan(0);
    if (t.db.kind === 'postgres') expect(reordered).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------------
// The control

/** Sessions of this database waiting for an advisory lock (another database may share the server). */
async function waitingForAdvisoryLock(): Promise<boolean> {
  const [row] = await t.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks
      WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return (row?.n ?? 0) > 0;
}

/**
 * Transaction 1 writes row `late` (drawing its position) and stays open; transaction 2 writes row
 * `early` and commits — or, on `messages`, waits for transaction 1's lock; a device pulls; then
 * transaction 1 commits, and the device pulls again.
 *
 * PGlite cannot keep a transaction open while another one commits (one connection): there the same
 * history is replayed in order — transaction 1 draws its position from the sequence, transaction 2
 * commits, the device pulls, transaction 1 stores its row at the position it drew. (With the real
 * trigger the draw itself takes the lock, so this replay only exists for the naive table.)
 */
async function lateCommit(target: Target, device: Device, prefix: string): Promise<{ versions: Version[]; observations: Observation[] }> {
  const observations: Observation[] = [];
  const observe = async (n: number, limit = 3): Promise<void> => {
    observations.push({ device: device.name, pull: n, ...(await device.pull(limit, prefix)) });
  };
  const late = `${prefix}late`;
  const early = `${prefix}early`;
  await observe(0, 500); // catch up

  if (t.db.kind === 'pglite') {
    if (target !== naive) throw new Error('on PGlite the late commit can only be replayed on the naive table');
    const [drawn] = await t.db.query<{ pos: number | string }>(`SELECT nextval('race_naive_pos') AS pos`);
    const second = await target.write(t.db, 'insert', early, early);
    await observe(1);
    const first = await one(
      t.db.query<Stored>('INSERT INTO race_naive (id, pos, text) VALUES ($1, $2, $3) RETURNING id, pos, text, deleted', [late, drawn!.pos, late]),
    );
    await observe(2);
    return { versions: [first, second], observations };
  }

  let release = (): void => undefined;
  const gate = new Promise<void>((r) => (release = r));
  let wrote = (): void => undefined;
  const written = new Promise<void>((r) => (wrote = r));
  const first = t.db.tx(async (q) => {
    const v = await target.write(q, 'insert', late, late);
    wrote();
    await gate;
    return v;
  });
  await Promise.race([written, first]);
  let secondCommitted = false;
  const second = t.db.tx((q) => target.write(q, 'insert', early, early)).then((v) => {
    secondCommitted = true;
    return v;
  });
  try {
    for (let tries = 0; !secondCommitted && !(await waitingForAdvisoryLock()); tries++) {
      if (tries > 250) throw new Error('transaction 2 neither committed nor waited for a lock');
      await sleep(20);
    }
    await observe(1);
  } finally {
    release();
  }
  const versions = [await first, await second];
  await observe(2);
  return { versions, observations };
}

/** Runs `fn` with the scratch table of the control, dropped afterwards. */
async function withNaiveTable(fn: () => Promise<void>): Promise<void> {
  await t.db.exec(`CREATE SEQUENCE race_naive_pos AS bigint;
    CREATE TABLE race_naive (
      id text COLLATE "C" PRIMARY KEY,
      pos bigint NOT NULL DEFAULT nextval('race_naive_pos'),
      text text NOT NULL,
      deleted boolean NOT NULL DEFAULT false
    )`);
  try {
    await fn();
  } finally {
    await t.db.exec('DROP TABLE race_naive; DROP SEQUENCE race_naive_pos');
  }
}

const onPostgres = !!process.env.DATABASE_URL;

describe('control: the checker detects a skip when positions do not follow commit order', () => {
  it('a plain sequence: the row committed late lies behind a checkpoint already passed, and the checker says so', () =>
    withNaiveTable(async () => {
      const prefix = 'naive-';
      const { versions, observations } = await lateCommit(naive, naiveDevice('naive-device'), prefix);
      const [late, early] = versions as [Version, Version];
      expect(late.pos).toBeLessThan(early.pos); // drawn first, committed last
      const problems = findSkips(versions, observations);
      expect(problems).toEqual([
        `naive-device pull 1 (checkpoint ${early.pos}): naive-late should be ${show(late)}, holds nothing`,
        `naive-device pull 2 (checkpoint ${early.pos}): naive-late should be ${show(late)}, holds nothing`,
      ]);
      // And the end state misses it for good: the stored row never reaches the device.
      expect(observations.at(-1)!.held).not.toEqual(await storedRows(naive, prefix));
    }));

  it.skipIf(!onPostgres)('the same schedule on messages: the second writer waits for the first, nothing is skipped', async () => {
    const student = await t.signIn(phoneOf('student'));
    const prefix = 'locked-';
    const { versions, observations } = await lateCommit(messages, serverDevice('student-control', student), prefix);
    const [late, early] = versions as [Version, Version];
    expect(late.pos).toBeLessThan(early.pos);
    // The device pulled while transaction 1 was open and transaction 2 waited: it saw neither.
    expect(observations[1]!.held.size).toBe(0);
    expect(findSkips(versions, observations)).toEqual([]);
    expect(observations.at(-1)!.held).toEqual(await storedRows(messages, prefix));
  });

  // Only where transactions truly run concurrently: on PGlite every schedule is serialised, and a
  // plain sequence then follows commit order too. Measured here: about 9 runs in 10 fail on the
  // first schedule; `endOnFailure` stops at the first.
  it.skipIf(!onPostgres)('the property itself fails on the plain sequence: random schedules find the skip', () =>
    withNaiveTable(async () => {
      const devices = Array.from({ length: DEVICE_COUNT }, (_, i) => naiveDevice(`naive-${i}`));
      let run = 0;
      const property = fc.asyncProperty(scheduleArb, async (schedule) => {
        await checkSchedule(naive, devices, schedule, `naive-race-${++run}-`);
      });
      // The failure fast-check reports is the checker's: a row below a checkpoint is missing or stale.
      await expect(fc.assert(property, { ...runs(50), includeErrorInReport: true })).rejects.toThrow(/skipped or stale:\n.* should be .*, holds |last pull/);
    }));
});
