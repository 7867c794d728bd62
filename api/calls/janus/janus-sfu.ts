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
import { log } from '../../shared/log.ts';
import { SfuRoomMissingError, type Sfu, type SfuRoom } from '../sfu.ts';
import { connectJanusControl, VideoRoomError, type JanusControl, type RawRequest } from './control.ts';
import { createJanusProxy } from './proxy.ts';

/** VideoRoom error codes that mean «already so» for the operation that got them. */
const NO_SUCH_ROOM = 426;
const ROOM_EXISTS = 427;
const NO_SUCH_FEED = 428;
/** Per-publisher bitrate caps: video is simulcast by clients, so this bounds the top layer. */
const VIDEO_BITRATE = 512_000;
const AUDIO_ONLY_BITRATE = 64_000;

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

/** Connects to Janus (which must be answering) and returns the Sfu. */
export async function createJanusSfu(opts: JanusSfuOptions): Promise<Sfu & { readonly openProxies: number }> {
  const janusLog = log('janus');
  // Its lines are about trouble and recovery (connection lost, rooms restored).
  const say = opts.log ?? ((line: string) => janusLog.warn(line));
  const rooms = new Map<number, KnownRoom>();
  const proxy = createJanusProxy(() => opts.url);
  let control: JanusControl | null = null;
  let closed = false;
  // Janus restarted: reconnect now, so rooms exist again before clients come back.
  const unsubscribe = opts.onJanusReady?.(() => control?.reconnect());

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

  const restoreRooms = async (request: RawRequest): Promise<void> => {
    for (const [room, r] of rooms) {
      if ((await request({ request: 'exists', room })).exists === true) continue;
      const data = await request(createBody(room, r));
      if (typeof data.error_code === 'number') say(`could not restore room ${room}: ${String(data.error)}`);
    }
    if (rooms.size) say(`Janus reconnected; ${rooms.size} room(s) checked`);
  };

  try {
    control = await connectJanusControl({ url: opts.url, onConnected: restoreRooms, log: say });
  } catch (e) {
    unsubscribe?.();
    throw e;
  }
  const { request } = control;

  return {
    get available() {
      return !closed && (control?.available ?? false);
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
        say(`room ${room.room} was missing in Janus; recreated it`);
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
      await control?.close();
    },
  };
}
