/**
 * The `Sfu` on Janus's VideoRoom, driven with janode over Janus's loopback WebSocket. Rooms are
 * created with the admin_key and a random secret; every later change (allowed tokens, kicks,
 * destroy) needs that secret, which only the API holds.
 *
 * Janus keeps rooms in memory only. This process remembers the rooms it created (and their
 * tokens), so when Janus restarts the rooms come back with the same ids, secrets and tokens, and
 * clients that reconnect through `/sfu` find their room again. A room it did not create (made before
 * this process started, or by another process sharing an external Janus) is brought back by
 * `ensureRoom` from what the database holds, and from then on is remembered too.
 */
import { randomBytes, randomInt } from 'node:crypto';
import Janode, { type JanodeConnection, type JanodeHandle, type JanusAnswer } from 'janode';
import { SfuRoomMissingError, type Sfu, type SfuRoom } from '../sfu.ts';
import { createJanusProxy } from './proxy.ts';

const VIDEOROOM = 'janus.plugin.videoroom';
/** VideoRoom error codes that mean «already so» for the operation that got them. */
const NO_SUCH_ROOM = 426;
const ROOM_EXISTS = 427;
const NO_SUCH_FEED = 428;
/** Per-publisher bitrate caps: video is simulcast by clients, so this bounds the top layer. */
const VIDEO_BITRATE = 512_000;
const AUDIO_ONLY_BITRATE = 64_000;
/** How long requests wait for Janus to come back before failing. */
const RECONNECT_WAIT_MS = 10_000;

export interface JanusSfuOptions {
  url: string;
  adminKey: string;
  /** Called when Janus has restarted, so rooms are restored at once rather than on the next request. */
  onJanusReady?: (listener: () => void) => () => void;
  log?: (line: string) => void;
}

interface KnownRoom {
  secret: string;
  description: string;
  publishers: number;
  audioOnly: boolean;
  tokens: Set<string>;
}

export class VideoRoomError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`Janus VideoRoom error ${code}: ${message}`);
  }
}

/** Connects to Janus (which must be answering) and returns the Sfu. */
export async function createJanusSfu(opts: JanusSfuOptions): Promise<Sfu & { readonly openProxies: number }> {
  Janode.Logger.setLevel('error');
  const log = opts.log ?? ((line: string) => console.log(`[janus] ${line}`));
  const rooms = new Map<number, KnownRoom>();
  const proxy = createJanusProxy(() => opts.url);
  let connection: JanodeConnection | null = null;
  let control: Promise<JanodeHandle> | null = null;
  let lostAt: number | null = null;
  let closed = false;

  const connect = async (): Promise<JanodeHandle> => {
    const conn = await Janode.connect({ address: { url: opts.url }, retry_time_secs: 1, max_retries: 1 });
    const session = await conn.create(15);
    const handle = await session.attach({ id: VIDEOROOM });
    const lost = (): void => {
      if (connection !== conn) return;
      connection = null;
      control = null;
      lostAt ??= Date.now();
      if (!closed) log('lost the connection to Janus; reconnecting on the next request or restart');
    };
    conn.once(Janode.EVENT.CONNECTION_ERROR, lost);
    conn.once(Janode.EVENT.CONNECTION_CLOSED, lost);
    session.once(Janode.EVENT.SESSION_DESTROYED, lost);
    connection = conn;
    lostAt = null;
    return handle;
  };

  /** The control handle, reconnecting (and restoring rooms) when the last one was lost. */
  const handle = (): Promise<JanodeHandle> => {
    if (closed) return Promise.reject(new Error('the SFU is closed'));
    if (control) return control;
    const attempt = (async () => {
      const deadline = Date.now() + RECONNECT_WAIT_MS;
      for (;;) {
        try {
          const h = await connect();
          await restoreRooms(h);
          return h;
        } catch (e) {
          if (Date.now() > deadline || closed) throw e;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    })();
    control = attempt;
    attempt.catch(() => {
      if (control === attempt) control = null;
    });
    return attempt;
  };

  const request = async (body: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const answer: JanusAnswer = await (await handle()).message(body);
    const data = answer.plugindata?.data ?? {};
    if (typeof data.error_code === 'number') throw new VideoRoomError(data.error_code, String(data.error ?? ''));
    return data;
  };

  const createBody = (room: number, r: KnownRoom): Record<string, unknown> => ({
    request: 'create',
    admin_key: opts.adminKey,
    room,
    description: r.description,
    secret: r.secret,
    is_private: true,
    publishers: r.publishers,
    audiocodec: 'opus',
    videocodec: 'vp8',
    bitrate: r.audioOnly ? AUDIO_ONLY_BITRATE : VIDEO_BITRATE,
    bitrate_cap: r.audioOnly,
    fir_freq: 10,
    // Subscribing needs the private id of a participant of this room, so a token holder cannot lend the room out.
    require_pvtid: true,
    // An (initially empty) list switches token checking on: nobody joins without a token we allowed.
    allowed: [...r.tokens],
    lock_record: true,
    record: false,
    notify_joining: true,
    permanent: false,
  });

  const restoreRooms = async (h: JanodeHandle): Promise<void> => {
    for (const [room, r] of rooms) {
      const exists = (await h.message({ request: 'exists', room })).plugindata?.data.exists === true;
      if (exists) continue;
      const data = (await h.message(createBody(room, r))).plugindata?.data ?? {};
      if (typeof data.error_code === 'number') log(`could not restore room ${room}: ${String(data.error)}`);
    }
    if (rooms.size) log(`Janus reconnected; ${rooms.size} room(s) checked`);
  };

  const unsubscribe = opts.onJanusReady?.(() => {
    // Janus restarted: reconnect now, so rooms exist again before clients come back.
    if (!closed && !connection) void handle().catch((e: unknown) => log(`reconnect failed: ${(e as Error).message}`));
  });

  await handle();

  return {
    get available() {
      // A Janus restart takes about a second: keep accepting work (requests wait for it) meanwhile.
      return !closed && (connection !== null || (lostAt !== null && Date.now() - lostAt < RECONNECT_WAIT_MS));
    },
    get openProxies() {
      return proxy.open;
    },

    async createRoom({ description, publishers, audioOnly }) {
      const known: KnownRoom = { secret: randomBytes(24).toString('base64url'), description, publishers, audioOnly, tokens: new Set() };
      for (;;) {
        // Ids below 2^48 stay exact as JSON numbers on every side (a Float in GraphQL, bigint in SQL).
        const room = randomInt(1, 2 ** 48 - 1);
        try {
          await request(createBody(room, known));
        } catch (e) {
          if (e instanceof VideoRoomError && e.code === ROOM_EXISTS) continue; // id taken: draw again
          throw e;
        }
        rooms.set(room, known);
        return { room, secret: known.secret };
      }
    },

    async ensureRoom(room, { description, publishers, audioOnly }, tokens) {
      const mine = rooms.get(room.room);
      if ((await request({ request: 'exists', room: room.room })).exists === true) {
        for (const t of tokens) mine?.tokens.add(t);
        return;
      }
      // Remembered from here on (restored after a Janus restart like our own rooms), with the
      // tokens given: the caller passes every live participant's, so the list is complete. A room
      // that is there but not ours stays unremembered: its allowed list is only known to Janus.
      const known: KnownRoom = { secret: room.secret, description, publishers, audioOnly, tokens: new Set([...(mine?.tokens ?? []), ...tokens]) };
      try {
        await request(createBody(room.room, known));
        log(`room ${room.room} was missing in Janus; recreated it`);
      } catch (e) {
        // Recreated meanwhile by a concurrent join (here or in another process): it is there.
        if (!(e instanceof VideoRoomError && e.code === ROOM_EXISTS)) throw e;
      }
      rooms.set(room.room, known);
    },

    async allow(room, tokens) {
      if (!tokens.length) return;
      try {
        await request({ request: 'allowed', room: room.room, secret: room.secret, action: 'add', allowed: tokens });
      } catch (e) {
        if (e instanceof VideoRoomError && e.code === NO_SUCH_ROOM) throw new SfuRoomMissingError(room.room);
        throw e;
      }
      for (const t of tokens) rooms.get(room.room)?.tokens.add(t);
    },

    async disallow(room, tokens) {
      if (!tokens.length) return;
      for (const t of tokens) rooms.get(room.room)?.tokens.delete(t);
      try {
        await request({ request: 'allowed', room: room.room, secret: room.secret, action: 'remove', allowed: tokens });
      } catch (e) {
        if (!(e instanceof VideoRoomError && e.code === NO_SUCH_ROOM)) throw e;
      }
    },

    async kick(room: SfuRoom, participantId: string) {
      let listed: Record<string, unknown>;
      try {
        listed = await request({ request: 'listparticipants', room: room.room });
      } catch (e) {
        if (e instanceof VideoRoomError && e.code === NO_SUCH_ROOM) return;
        throw e;
      }
      const participants = (listed.participants ?? []) as { id: number; display?: string }[];
      for (const p of participants.filter((x) => x.display === participantId)) {
        try {
          await request({ request: 'kick', room: room.room, secret: room.secret, id: p.id });
        } catch (e) {
          if (!(e instanceof VideoRoomError && e.code === NO_SUCH_FEED)) throw e;
        }
      }
    },

    async destroyRoom(room) {
      rooms.delete(room.room);
      try {
        await request({ request: 'destroy', room: room.room, secret: room.secret });
      } catch (e) {
        if (!(e instanceof VideoRoomError && e.code === NO_SUCH_ROOM)) throw e;
      }
    },

    proxyUpgrade(req, socket, head, seat) {
      proxy.upgrade(req, socket, head, seat);
    },

    async close() {
      closed = true;
      unsubscribe?.();
      proxy.close();
      const conn = connection;
      connection = null;
      control = null;
      await conn?.close().catch(() => undefined);
    },
  };
}
