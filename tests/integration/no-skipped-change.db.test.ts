/**
 * Sync checkpoints never skip a change that a concurrent transaction commits late — also while the
 * readers' scopes move.
 *
 * fast-check generates schedules, each run against the real server:
 * - 2–6 concurrent writers, each running a few transactions that insert, edit and delete messages of
 *   two chats — the class chat of 7А, whose members never change, and a group chat opened for the
 *   run — with pauses inside (before the first write, between writes, before COMMIT), so
 *   transactions overlap and commit in another order than they began;
 * - a mover that adds the readers' people to the group chat and removes them again, 2–6 times, through
 *   `addChatMembers` / `removeChatMember` as the school admin, or by INSERT / DELETE on chat_members
 *   in a transaction that pauses before COMMIT (then waiting until the server heard of it);
 * - four devices — two of a student of 7А, two of its homeroom teacher — following pull checkpoints
 *   in small pages meanwhile, and once more after everything stopped. The two devices of one person
 *   pull concurrently: the grant one device's pull records (the history of a chat joined, tombstones
 *   of a chat left) is one the other's checkpoint must not pass over;
 * - pauses inside the server's pull, after it recorded the grants and before it reads them with the
 *   page (see pauseBeforeSnapshots), which widen the windows in which members change or another
 *   device records a grant while a pull is under way.
 * The group chat is new in every run, so the history a device gains on joining stays a few pages
 * long (a demo chat such as chat-class-5a would grow with every run, and so would each run's time).
 *
 * The checker holds every complete pull (pages until a short one) at checkpoint position C to:
 * - chat 7А: the rule that makes a (position, id) checkpoint safe — the device holds, for every row,
 *   exactly the latest committed version whose position is ≤ C. A version below the checkpoint that
 *   the device lacks was skipped; an older one it still holds is stale; one above C must not have
 *   been delivered yet;
 * - the group chat: the device holds either none of its messages (that pull did not count the
 *   person a member) or exactly the latest live version at or below C of every one of them — never
 *   part of the chat, never a stale version. (Sound because after a complete pull nothing of a chat
 *   in scope, and no tombstone of one left, lies above C in the snapshot of its last page: the chat
 *   as of C is the chat as of that snapshot.);
 * - everything received is a version some transaction committed (or a purge tombstone of a message
 *   that exists), at a position no higher than C;
 * and after the final pull (started once every writer and the mover stopped) every device must hold
 * exactly the stored version of every live message of every chat its person is a member of, and
 * nothing of any other chat: a chat left is purged, a chat joined is complete.
 *
 * PostgreSQL (DATABASE_URL): writers, membership changes and pulls use separate pool connections and
 * truly run concurrently; the test also checks that some transactions did commit out of the order
 * they began. PGlite (default): there is one connection, and a transaction holds it until it
 * commits, so transactions are serialised and pulls wait for them. There the property still covers
 * pulls that stop and resume between commits, pages that end in the middle of a burst or of a
 * gained history, and the pages of two devices of one person interleaving with membership changes,
 * but commit reordering only happens on PostgreSQL.
 *
 * The controls show the property has teeth. A scratch table whose positions come from a plain
 * sequence (no advisory lock), read with the same (position, id) checkpoint walk in SQL:
 * - a fixed schedule — transaction 1 draws a position and waits, transaction 2 commits, a device
 *   pulls past the position, transaction 1 commits — must make the checker report the skipped row
 *   (on PGlite, which cannot keep two transactions open, the same history is replayed in order);
 * - on PostgreSQL, the same schedule against `messages` must pass (transaction 2 waits for the lock),
 *   and the random property itself, run against the scratch table, must fail.
 * For the moving scopes the control was done by hand, on a scratch copy of the engine: with the
 * grants and the three parts of a page read on separate pool connections instead of one snapshot,
 * the property fails on PostgreSQL within a few runs.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Db, Queryable } from '../../api/db/database.ts';
import { ADMIN_ID, DEMO_SIGN_INS, DEMO_TEACHER_ID } from '../../api/demo/index.ts';
import { emptyCopy, pullInto } from '../fixtures/sync-client.ts';
import { startTestApp, type TestApp } from '../fixtures/test-app.ts';

/** The chat whose members never change during the test: the readers' class chat. */
const FIXED_CHAT = 'chat-class-7a';
const CREATED_AT = '2026-11-18T10:00:00+03:00';
/**
 * Fast-check runs: each takes about half a second on PostgreSQL and more than a second on PGlite,
 * where everything queues (fewer there, to keep the file near 30 s). RACE_RUNS overrides, for soaks.
 */
const NUM_RUNS = Number(process.env.RACE_RUNS ?? (process.env.DATABASE_URL ? 20 : 12));

const phoneOf = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;
const userIdOf = (role: string): string => t.school.rows.users.find((u) => u.phone === phoneOf(role))!.id;
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
  /** The last version received of every row under test (of the chat whose members do not change). */
  held: ReadonlyMap<string, Held>;
}

/** What one pull brought, as a device reports it. */
interface Pulled extends Omit<Observation, 'device' | 'pull'> {
  /** The checkpoint the pull started from. */
  from: bigint;
  /** The live messages of the moving chat the device holds afterwards (null: it has no such chat). */
  moving: ReadonlyMap<string, Held> | null;
  /** Every document received during the pull, tombstones included. */
  fresh: readonly Stored[];
}

/** A pull during a property run. */
interface Watched extends Observation, Pulled {
  person: string;
  /** performance.now() when the pull began and when it ended. */
  began: number;
  ended: number;
}

const show = (v: Held | undefined): string => (v ? `${v.text}@${v.pos}${v.deleted ? ' (deleted)' : ''}` : 'nothing');
const same = (a: Held | undefined, b: Held | undefined): boolean =>
  a === b || (!!a && !!b && a.pos === b.pos && a.text === b.text && a.deleted === b.deleted);
const where = (o: Observation): string => `${o.device} pull ${o.pull} (checkpoint ${o.checkpoint})`;

function byId(versions: readonly Version[]): Map<string, Version[]> {
  const history = new Map<string, Version[]>();
  for (const v of versions) {
    const list = history.get(v.id) ?? [];
    list.push(v);
    history.set(v.id, list);
  }
  return history;
}

/** The latest version at or below `c` of each row. */
function dueAt(list: readonly Version[], c: bigint): Version | undefined {
  let due: Version | undefined;
  for (const v of list) if (v.pos <= c && (!due || v.pos > due.pos)) due = v;
  return due;
}

/** `expected` and `actual` (id → version) as a list of differences, each prefixed by `at`. */
function differences(at: string, expected: ReadonlyMap<string, Held>, actual: ReadonlyMap<string, Held>): string[] {
  const problems: string[] = [];
  for (const id of new Set([...expected.keys(), ...actual.keys()]))
    if (!same(expected.get(id), actual.get(id))) problems.push(`${at}: ${id} should be ${show(expected.get(id))}, holds ${show(actual.get(id))}`);
  return problems;
}

/**
 * Every way an observation breaks «at checkpoint C the device holds the latest version at or below C
 * of every row» (empty when none does). `versions` is every committed version of the rows under test.
 */
function findSkips(versions: readonly Version[], observations: readonly Observation[]): string[] {
  const history = byId(versions);
  const problems: string[] = [];
  for (const o of observations) {
    for (const [id, list] of history) {
      const due = dueAt(list, o.checkpoint);
      const held = o.held.get(id);
      if (!same(due, held)) problems.push(`${where(o)}: ${id} should be ${show(due)}, holds ${show(held)}`);
    }
    for (const [id, held] of o.held) if (!history.has(id)) problems.push(`${where(o)}: ${id} was never committed, holds ${show(held)}`);
  }
  return problems;
}

/**
 * Every pull that holds the moving chat torn: at checkpoint C a device holds either none of its
 * messages, or exactly the latest version at or below C of every live one. `log` is every committed
 * version of every message of that chat since the test began.
 */
function findTorn(chat: string, log: readonly Version[], observations: readonly Watched[]): string[] {
  const history = byId(log);
  const problems: string[] = [];
  for (const o of observations) {
    if (!o.moving?.size) continue;
    const due = new Map<string, Held>();
    for (const [id, list] of history) {
      const v = dueAt(list, o.checkpoint);
      if (v && !v.deleted) due.set(id, v);
    }
    problems.push(...differences(`${where(o)}, chat ${chat}`, due, o.moving));
  }
  return problems;
}

/** Purge tombstones are blank (no chat); a message deleted by its author keeps its chat. */
const isPurge = (doc: Stored): boolean => doc.deleted && doc.chatId === '';

/**
 * Every document received that the server never had: a version no transaction committed, a tombstone
 * of a message that never existed, or anything above the checkpoint the pull reached.
 */
function findForged(log: readonly Version[], observations: readonly Watched[]): string[] {
  const history = byId(log);
  const problems: string[] = [];
  for (const o of observations)
    for (const doc of o.fresh) {
      const v = toVersion(doc);
      if (v.pos > o.checkpoint) problems.push(`${where(o)}: received ${doc.id} at ${v.pos}, beyond the checkpoint`);
      const known = history.get(doc.id) ?? [];
      if (isPurge(doc) ? !known.length : !known.some((k) => same(k, v)))
        problems.push(`${where(o)}: received ${doc.id} as ${show(v)}${isPurge(doc) ? ' (purge)' : ''}, never committed`);
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

type Stored = { id: string; pos: number | string; text: string; deleted: boolean; chatId?: string };
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
  /** The chat whose members never change; the chat whose members move (null: one chat only). */
  fixed: string;
  moving: string | null;
  /** Writes one version of row `id` (in `chat`, when it is inserted) inside `q` and returns it as stored. */
  write(q: Queryable, kind: Kind, id: string, text: string, chat: string): Promise<Version>;
}

async function one(rows: Promise<Stored[]>): Promise<Version> {
  const [row] = await rows;
  if (!row) throw new Error('the write touched no row');
  return toVersion(row);
}

/**
 * Messages, positioned by the real trigger (advisory lock, then the sequence), of the demo chat of 7А
 * and (set per run) a chat whose members move.
 */
const messages: Target = {
  table: 'messages',
  fixed: FIXED_CHAT,
  moving: null,
  write: (q, kind, id, text, chat) =>
    one(
      kind === 'insert'
        ? q.query<Stored>(
            `INSERT INTO messages (id, chat_id, author_id, client_id, text, created_at) VALUES ($1, $2, $3, 'race', $4, $5)
             RETURNING id, pos, text, deleted`,
            [id, chat, DEMO_TEACHER_ID, text, CREATED_AT],
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
  fixed: 'plain',
  moving: null,
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
  /** Whose device it is (devices of one person share their grants). */
  person: string;
  /** One complete pull in pages of `limit`; `held` covers the rows `prefix*`, `moving` the chat `chat`. */
  pull(limit: number, prefix: string, chat: string | null): Promise<Pulled>;
  /** Every live document the device holds. */
  holdings?(): Map<string, Held>;
}

/** A device of a signed-in person, pulling messages through the real server like the app does. */
function serverDevice(name: string, person: string, cookie: string): Device {
  const copy = emptyCopy();
  const received = copy.received as unknown as Stored[];
  const live = (chat: string | null): Map<string, Held> => {
    const held = new Map<string, Held>();
    for (const doc of copy.docs.values()) {
      const { id, ...v } = toVersion(doc as unknown as Stored);
      if (chat === null || doc.chatId === chat) held.set(id, v);
    }
    return held;
  };
  return {
    name,
    person,
    async pull(limit, prefix, chat) {
      const from = BigInt(copy.checkpoint?.pos ?? '0');
      const before = received.length;
      await pullInto(t, 'messages', cookie, copy, limit);
      return {
        from,
        checkpoint: BigInt(copy.checkpoint?.pos ?? '0'),
        held: lastReceived(received, prefix),
        moving: chat === null ? null : live(chat),
        fresh: received.slice(before),
      };
    },
    holdings: () => live(null),
  };
}

/** The same (position, id) checkpoint walk as the engine's pull, in SQL, over the scratch table. */
function naiveDevice(name: string): Device {
  const received: Stored[] = [];
  let checkpoint = { pos: '0', id: '' };
  return {
    name,
    person: name,
    async pull(limit, prefix) {
      const from = BigInt(checkpoint.pos);
      const before = received.length;
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
      return { from, checkpoint: BigInt(checkpoint.pos), held: lastReceived(received, prefix), moving: null, fresh: received.slice(before) };
    },
  };
}

async function storedRows(target: Target, prefix: string): Promise<Map<string, Held>> {
  const rows = await t.db.query<Stored>(`SELECT id, pos, text, deleted FROM ${target.table} WHERE starts_with(id, $1)`, [prefix]);
  return latest(rows.map(toVersion));
}

/** What a device of `userId` must hold once caught up: every live message of the chats they are in. */
async function dueToPerson(userId: string): Promise<Map<string, Held>> {
  const rows = await t.db.query<Stored>(
    `SELECT m.id, m.pos, m.text, m.deleted FROM messages m
      WHERE NOT m.deleted AND m.chat_id IN (
        SELECT cm.chat_id FROM chat_members cm JOIN chats c ON c.id = cm.chat_id WHERE cm.user_id = $1 AND NOT c.deleted)`,
    [userId],
  );
  return latest(rows.map(toVersion));
}

// ---------------------------------------------------------------------------------------------------
// Scopes that move

/** The readers' people, whose membership of the moving chat the mover flips. */
interface World {
  /** Session of the school admin, who may manage every chat of the school. */
  admin: string;
  people: readonly string[];
  /** Every committed version of every message since the test began (demo rows as loaded), with its chat. */
  log: (Version & { chat: string })[];
}

interface Move {
  /** Index into World.people. */
  person: number;
  /** ms before the change. */
  wait: number;
  /** Through SQL in a transaction that pauses `hold` ms before COMMIT; else through the mutations. */
  sql: boolean;
  hold: number;
}

const ADD = 'mutation($c: String!, $u: [String!]!) { addChatMembers(chatId: $c, userIds: $u) }';
const REMOVE = 'mutation($c: String!, $u: String!) { removeChatMember(chatId: $c, userId: $u) }';

/**
 * Opens a group chat of the school whose members are the people `joined` says. A fresh one per run,
 * so the history a device gains when its person joins stays a few pages long.
 */
async function openChat(id: string, world: World, joined: readonly boolean[]): Promise<void> {
  await t.db.query(`INSERT INTO chats (id, school_id, kind, title, created_by) SELECT $1, school_id, 'group', $1, $2 FROM chats WHERE id = $3`, [
    id,
    ADMIN_ID,
    FIXED_CHAT,
  ]);
  const members = world.people.filter((_, i) => joined[i]);
  if (members.length) await t.db.query('INSERT INTO chat_members (chat_id, user_id) SELECT $1, u FROM unnest($2::text[]) AS u', [id, members]);
}

/**
 * Pauses inside the server's pull, after it recorded the grants and before it reads them and the page
 * (in one snapshot): drawn by the schedule like the writers' pauses, taken in turn by every pull page.
 * They widen the windows in which the mover changes the members, or another device of the same
 * person records a grant, while a pull is under way.
 */
let serverPauses: readonly number[] = [];
function pauseBeforeSnapshots(db: Db): () => void {
  const snapshot = db.snapshot;
  let n = 0;
  db.snapshot = async <T,>(fn: (q: Queryable) => Promise<T>): Promise<T> => {
    const pause = serverPauses.length ? serverPauses[n++ % serverPauses.length]! : 0;
    if (pause) await sleep(pause);
    return snapshot.call(db, fn) as Promise<T>;
  };
  return () => {
    db.snapshot = snapshot;
  };
}

/** Adds the person to `chat` if they are not a member, else removes them. */
async function flip(world: World, chat: string, move: Move): Promise<void> {
  const userId = world.people[move.person]!;
  const isMember = async (q: Queryable): Promise<boolean> =>
    (await q.query('SELECT 1 FROM chat_members WHERE chat_id = $1 AND user_id = $2', [chat, userId])).length > 0;
  if (move.sql) {
    // Written behind the server's back: done once the server heard of it (its `scope:` notification),
    // so that nothing the server keeps about scopes can lag behind when the final pulls start.
    let heard = (): void => undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const notified = new Promise<void>((resolve, reject) => {
      heard = resolve;
      timer = setTimeout(() => reject(new Error(`the server never heard that ${userId} moved`)), 5_000);
    });
    void notified.catch(() => undefined); // awaited below, unless the transaction failed
    const off = t.app.hub.subscribe('scope', new Set([`user:${userId}`]), () => heard());
    try {
      await t.db.tx(async (q) => {
        await q.query(
          (await isMember(q))
            ? 'DELETE FROM chat_members WHERE chat_id = $1 AND user_id = $2'
            : 'INSERT INTO chat_members (chat_id, user_id) VALUES ($1, $2)',
          [chat, userId],
        );
        await sleep(move.hold);
      });
      await notified;
    } finally {
      clearTimeout(timer);
      off();
    }
    return;
  }
  const result = (await isMember(t.db))
    ? await t.gql(REMOVE, { c: chat, u: userId }, { cookie: world.admin })
    : await t.gql(ADD, { c: chat, u: [userId] }, { cookie: world.admin });
  if (result.errors.length) throw new Error(JSON.stringify(result.errors));
}

// ---------------------------------------------------------------------------------------------------
// The property

interface Op {
  kind: Kind;
  /** Into the chat whose members move (an insert) or on one of the writer's rows there (else). */
  moving: boolean;
  /** Which of the writer's rows of that chat an edit or delete touches (modulo how many it has). */
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
  /** Which of World.people are in the run's chat when it opens. */
  joined: boolean[];
  moves: Move[];
  /** ms each pull page waits between recording the grants and reading them with the page. */
  pauses: number[];
}

/** Two devices each of two people (device i belongs to person i % 2). */
const DEVICE_COUNT = 4;

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.constant<Kind>('insert'), weight: 3 },
    { arbitrary: fc.constant<Kind>('edit'), weight: 3 },
    { arbitrary: fc.constant<Kind>('delete'), weight: 1 },
  ),
  moving: fc.boolean(),
  row: fc.nat({ max: 7 }),
  pause: fc.integer({ min: 0, max: 8 }),
});
const txArb: fc.Arbitrary<Tx> = fc.record({
  wait: fc.integer({ min: 0, max: 10 }),
  ops: fc.array(opArb, { minLength: 1, maxLength: 3 }),
  hold: fc.integer({ min: 0, max: 15 }),
});
const moveArb: fc.Arbitrary<Move> = fc.record({
  person: fc.nat({ max: 1 }),
  wait: fc.integer({ min: 0, max: 20 }),
  sql: fc.boolean(),
  hold: fc.integer({ min: 0, max: 10 }),
});
const scheduleArb: fc.Arbitrary<Schedule> = fc.record({
  writers: fc.array(fc.array(txArb, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 6 }),
  // Every device, in some order: both devices of each person follow the run.
  readers: fc.uniqueArray(
    fc.record({ device: fc.nat({ max: DEVICE_COUNT - 1 }), limit: fc.integer({ min: 1, max: 4 }), gap: fc.integer({ min: 0, max: 6 }) }),
    { minLength: DEVICE_COUNT, maxLength: DEVICE_COUNT, selector: (r) => r.device },
  ),
  joined: fc.tuple(fc.boolean(), fc.boolean()),
  moves: fc.array(moveArb, { minLength: 2, maxLength: 6 }),
  // Mostly none; now and then long enough for another device's whole page (whose grant may wait for
  // the writers' lock) to fit in.
  pauses: fc.array(fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.integer({ min: 5, max: 60 }), weight: 1 }), {
    minLength: 1,
    maxLength: 8,
  }),
});

interface Outcome {
  /** Versions of this run's rows in the fixed chat, and in the moving one. */
  versions: Version[];
  movingVersions: Version[];
  observations: Watched[];
  /** Pairs of transactions where the one that began first committed second. */
  reordered: number;
  /** Pulls during the race that stopped strictly inside this run's range of positions. */
  midway: number;
  /** Pulls that brought the history of the moving chat (older than their starting checkpoint). */
  gains: number;
  /** Pulls that brought purge tombstones. */
  purges: number;
  /** Of those, the ones during which the other device of the same person was pulling too. */
  shared: number;
}

/**
 * Runs a schedule: every writer first gets a row of its own in each chat, the devices catch up, then
 * writers, mover and devices race; every device pulls once more after the last commit.
 *
 * Edits and deletes touch only the writer's own rows. An UPDATE locks its row before the position
 * trigger takes the advisory lock, so two writers updating a shared row without taking the advisory
 * lock first (as push does) can deadlock: that is a lock-order question, not the one tested here.
 */
async function runSchedule(target: Target, devices: readonly Device[], schedule: Schedule, prefix: string, world: World | null): Promise<Outcome> {
  const fixedPrefix = `${prefix}f-`;
  const chats = target.moving ? [target.fixed, target.moving] : [target.fixed];
  const tagOf = (chat: string): string => (chat === target.fixed ? 'f' : 'm');
  const versions: Version[] = [];
  const movingVersions: Version[] = [];
  const record = (chat: string, v: Version): void => {
    (chat === target.fixed ? versions : movingVersions).push(v);
    world?.log.push({ ...v, chat });
  };
  const observations: Watched[] = [];
  const pulls = new Map<string, number>();
  const observe = async (device: Device, limit: number): Promise<Watched> => {
    const n = pulls.get(device.name) ?? 0;
    pulls.set(device.name, n + 1);
    const began = performance.now();
    const pulled = await device.pull(limit, fixedPrefix, target.moving);
    const o = { device: device.name, person: device.person, pull: n, ...pulled, began, ended: performance.now() };
    observations.push(o);
    return o;
  };

  const owned = await Promise.all(
    schedule.writers.map(async (_, w) => {
      const rows = new Map<string, string[]>();
      for (const chat of chats) {
        const id = `${prefix}${tagOf(chat)}-w${w}-seed`;
        record(chat, await target.write(t.db, 'insert', id, id, chat));
        rows.set(chat, [id]);
      }
      return rows;
    }),
  );
  const readers = schedule.readers.map((r) => ({ ...r, device: devices[r.device]! }));
  for (const r of readers) await observe(r.device, 500);
  const all = (): Version[] => [...versions, ...movingVersions];
  const start = all().reduce((max, v) => (v.pos > max ? v.pos : max), 0n);

  let clock = 0;
  const lifetimes: { began: number; committed: number }[] = [];
  const writer = async (txs: Tx[], w: number): Promise<void> => {
    for (const [i, tx] of txs.entries()) {
      await sleep(tx.wait);
      let began = 0;
      const written = await t.db.tx(async (q) => {
        began = ++clock;
        const out: [string, Version][] = [];
        for (const [j, op] of tx.ops.entries()) {
          await sleep(op.pause);
          const chat = op.moving && target.moving ? target.moving : target.fixed;
          const rows = owned[w]!.get(chat)!;
          const id = op.kind === 'insert' ? `${prefix}${tagOf(chat)}-w${w}-t${i}-o${j}` : rows[op.row % rows.length]!;
          out.push([chat, await target.write(q, op.kind, id, `${prefix}w${w}-t${i}-o${j}:${op.kind}`, chat)]);
          if (op.kind === 'insert') rows.push(id);
        }
        await sleep(tx.hold);
        return out;
      });
      lifetimes.push({ began, committed: ++clock });
      for (const [chat, v] of written) record(chat, v);
    }
  };
  const mover = async (): Promise<void> => {
    if (!world || !target.moving) return;
    for (const move of schedule.moves) {
      await sleep(move.wait);
      await flip(world, target.moving, move);
    }
  };

  if (world) serverPauses = schedule.pauses;
  let done = false;
  const acting = Promise.allSettled([...schedule.writers.map(writer), mover()]).finally(() => {
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
  const failed = [...(await acting), ...(await Promise.allSettled(reading))].find((r) => r.status === 'rejected');
  serverPauses = [];
  if (failed) throw failed.reason;
  // Every writer has committed and the members stay put: one more pull of each device must bring
  // everything.
  await Promise.all(devices.map((d) => observe(d, readers.find((r) => r.device === d)?.limit ?? 3)));

  const end = all().reduce((max, v) => (v.pos > max ? v.pos : max), 0n);
  const midway = during.filter((o) => o.checkpoint > start && o.checkpoint < end).length;

  let reordered = 0;
  for (const a of lifetimes) for (const b of lifetimes) if (a.began < b.began && a.committed > b.committed) reordered++;

  const gained = observations.filter((o) => o.fresh.some((d) => d.chatId === target.moving && BigInt(d.pos) <= o.from));
  const purged = observations.filter((o) => o.fresh.some(isPurge));
  const overlapping = (o: Watched): boolean =>
    observations.some((p) => p.person === o.person && p.device !== o.device && p.began < o.ended && o.began < p.ended);
  const shared = [...new Set([...gained, ...purged])].filter(overlapping).length;
  return { versions, movingVersions, observations, reordered, midway, gains: gained.length, purges: purged.length, shared };
}

/** The property for one schedule: every pull consistent with its checkpoint, the last one complete. */
async function checkSchedule(target: Target, devices: readonly Device[], schedule: Schedule, prefix: string, world: World | null = null): Promise<Outcome> {
  const t0 = performance.now();
  const outcome = await runSchedule(target, devices, schedule, prefix, world);
  const t1 = performance.now();
  const found = {
    'skipped or stale': findSkips(outcome.versions, outcome.observations),
    torn: world && target.moving ? findTorn(target.moving, world.log.filter((v) => v.chat === target.moving), outcome.observations) : [],
    forged: world ? findForged(world.log, outcome.observations) : [],
  };
  const problems = Object.values(found).flat();
  if (problems.length)
    throw new Error(
      `${Object.entries(found).map(([kind, list]) => `${list.length} ${kind}`).join(', ')}:\n${Object.values(found).flatMap((list) => list.slice(0, 6)).join('\n')}`,
    );
  // The version log is what the table holds, and the last pull of every device holds exactly that.
  const stored = await storedRows(target, `${prefix}f-`);
  expect(latest(outcome.versions)).toEqual(stored);
  if (target.moving) expect(latest(outcome.movingVersions)).toEqual(await storedRows(target, `${prefix}m-`));
  for (const d of devices) {
    const last = outcome.observations.filter((o) => o.device === d.name).at(-1)!;
    expect(last.held, `${d.name}, last pull`).toEqual(stored);
    // All of every chat the person is in now, nothing of any other.
    if (world && d.holdings) {
      const wrong = differences(`${d.name} after the last pull`, await dueToPerson(d.person), d.holdings());
      if (wrong.length) throw new Error(`${wrong.length} wrong at the end:\n${wrong.slice(0, 12).join('\n')}`);
    }
  }
  console.log(`run ${prefix}: race ${Math.round(t1 - t0)}ms, checks ${Math.round(performance.now() - t1)}ms, pulls ${outcome.observations.length}, writers ${schedule.writers.length}, moves ${schedule.moves.length}, gains ${outcome.gains} purges ${outcome.purges} shared ${outcome.shared}`);
  return outcome;
}

/** A failure depends on timing, so shrinking would chase another interleaving each time: report the first. */
const runs = (numRuns: number): fc.Parameters<[Schedule]> => ({ numRuns, endOnFailure: true });

describe('checkpoints never skip a change committed late', () => {
  it('fast-check: concurrent writers with pauses inside transactions, members joining and leaving, devices following checkpoints meanwhile', async () => {
    const student = await t.signIn(phoneOf('student'));
    const teacher = await t.signIn(phoneOf('teacher'));
    const people = [userIdOf('student'), userIdOf('teacher')];
    // A student of 7А (not in 5А at first) and its homeroom teacher (who teaches 5А, so is in its chat).
    const loaded = await t.db.query<Stored & { chat_id: string }>('SELECT id, pos, text, deleted, chat_id FROM messages');
    const world: World = { admin: await t.signIn(phoneOf('admin')), people, log: loaded.map((r) => ({ ...toVersion(r), chat: r.chat_id })) };
    // Two devices of each, kept across runs like real ones.
    const devices = Array.from({ length: DEVICE_COUNT }, (_, i) =>
      i % 2 ? serverDevice(`teacher-${i}`, people[1]!, teacher) : serverDevice(`student-${i}`, people[0]!, student),
    );
    for (const d of devices) await d.pull(500, 'race-', null);
    const restore = pauseBeforeSnapshots(t.db);
    onTestFinished(restore);

    let run = 0;
    const seen = { reordered: 0, midway: 0, gains: 0, purges: 0, shared: 0 };
    await fc.assert(
      fc.asyncProperty(scheduleArb, async (schedule) => {
        const chat = `chat-race-${++run}`;
        await openChat(chat, world, schedule.joined);
        const outcome = await checkSchedule({ ...messages, moving: chat }, devices, schedule, `race-${run}-`, world);
        for (const k of Object.keys(seen) as (keyof typeof seen)[]) seen[k] += outcome[k];
      }),
      runs(NUM_RUNS),
    );
    // The races happened: devices pulled in the middle of bursts, received joined chats' history and
    // left chats' tombstones while the person's other device pulled too, and, where transactions
    // really run concurrently, some began before another and committed after it.
    expect(seen.midway).toBeGreaterThan(0);
    expect(seen.gains).toBeGreaterThan(0);
    expect(seen.purges).toBeGreaterThan(0);
    expect(seen.shared).toBeGreaterThan(0);
    if (t.db.kind === 'postgres') expect(seen.reordered).toBeGreaterThan(0);
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
    observations.push({ device: device.name, pull: n, ...(await device.pull(limit, prefix, null)) });
  };
  const late = `${prefix}late`;
  const early = `${prefix}early`;
  await observe(0, 500); // catch up

  if (t.db.kind === 'pglite') {
    if (target !== naive) throw new Error('on PGlite the late commit can only be replayed on the naive table');
    const [drawn] = await t.db.query<{ pos: number | string }>(`SELECT nextval('race_naive_pos') AS pos`);
    const second = await target.write(t.db, 'insert', early, early, target.fixed);
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
    const v = await target.write(q, 'insert', late, late, target.fixed);
    wrote();
    await gate;
    return v;
  });
  await Promise.race([written, first]);
  let secondCommitted = false;
  const second = t.db.tx((q) => target.write(q, 'insert', early, early, target.fixed)).then((v) => {
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
    const { versions, observations } = await lateCommit(messages, serverDevice('student-control', userIdOf('student'), student), prefix);
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
      await expect(fc.assert(property, { ...runs(50), includeErrorInReport: true })).rejects.toThrow(/[1-9]\d* skipped or stale, 0 torn, 0 forged:\n.* should be .*, holds |last pull/);
    }));
});
