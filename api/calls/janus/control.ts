/**
 * The API's control connection to Janus: one janode session with one VideoRoom handle, over
 * Janus's loopback WebSocket. When it is lost (Janus restarting), the next request reconnects,
 * waiting up to RECONNECT_WAIT_MS for Janus to answer again, and `onConnected` runs before any
 * request does (janus-sfu.ts restores its rooms there).
 */
import Janode, { type JanodeConnection, type JanodeHandle, type JanusAnswer } from 'janode';

const VIDEOROOM = 'janus.plugin.videoroom';
/** How long requests wait for Janus to come back before failing. */
export const RECONNECT_WAIT_MS = 10_000;
/** Between connection attempts while Janus restarts (it takes about a second). */
const RETRY_MS = 250;

export class VideoRoomError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`Janus VideoRoom error ${code}: ${message}`);
  }
}

/** A VideoRoom request on a fresh handle; answers the plugin's data, errors included (not thrown). */
export type RawRequest = (body: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface JanusControlOptions {
  url: string;
  /** Runs on every new connection before requests use it. */
  onConnected(request: RawRequest): Promise<void>;
  log: (line: string) => void;
}

export interface JanusControl {
  /** A VideoRoom request; a VideoRoom error answer is thrown as VideoRoomError. */
  request(body: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Connected, or lost so recently that a restart is likely under way (requests wait for it). */
  readonly available: boolean;
  /** Janus restarted: reconnect now rather than on the next request. */
  reconnect(): void;
  close(): Promise<void>;
}

export async function connectJanusControl({ url, onConnected, log }: JanusControlOptions): Promise<JanusControl> {
  Janode.Logger.setLevel('error');
  let connection: JanodeConnection | null = null;
  let control: Promise<JanodeHandle> | null = null;
  let lostAt: number | null = null;
  let closed = false;

  const connect = async (): Promise<JanodeHandle> => {
    const conn = await Janode.connect({ address: { url }, retry_time_secs: 1, max_retries: 1 });
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

  /** The control handle, reconnecting (and running `onConnected`) when the last one was lost. */
  const handle = (): Promise<JanodeHandle> => {
    if (closed) return Promise.reject(new Error('the SFU is closed'));
    if (control) return control;
    const attempt = (async () => {
      const deadline = Date.now() + RECONNECT_WAIT_MS;
      for (;;) {
        try {
          const h = await connect();
          await onConnected(async (body) => (await h.message(body)).plugindata?.data ?? {});
          return h;
        } catch (e) {
          // Janus not answering yet: the deadline decides when that becomes the caller's error.
          if (Date.now() > deadline || closed) throw e;
          await new Promise((r) => setTimeout(r, RETRY_MS));
        }
      }
    })();
    control = attempt;
    attempt.catch(() => {
      // The caller of this attempt gets its error; later requests start a fresh one.
      if (control === attempt) control = null;
    });
    return attempt;
  };

  await handle();

  return {
    async request(body) {
      const answer: JanusAnswer = await (await handle()).message(body);
      const data = answer.plugindata?.data ?? {};
      if (typeof data.error_code === 'number') throw new VideoRoomError(data.error_code, String(data.error ?? ''));
      return data;
    },
    get available() {
      // A Janus restart takes about a second: keep accepting work (requests wait for it) meanwhile.
      return !closed && (connection !== null || (lostAt !== null && Date.now() - lostAt < RECONNECT_WAIT_MS));
    },
    reconnect() {
      if (!closed && !connection) void handle().catch((e: unknown) => log(`reconnect failed: ${(e as Error).message}`));
    },
    async close() {
      closed = true;
      const conn = connection;
      connection = null;
      control = null;
      await conn?.close().catch((e: unknown) => log(`closing the connection failed: ${(e as Error).message}`));
    },
  };
}
