import { DEFAULT_MESH_MAX } from './calls/deps.ts';
import { parseIceServers, parseTurn, type IceServer, type TurnSettings } from './calls/ice-servers.ts';

/** Janus, the SFU for calls above the mesh size and for online lessons (README «Calls»). */
export interface JanusConfig {
  /**
   * auto: start Janus when its binary exists; off: never (calls above the mesh size are refused);
   * external: use a Janus someone else runs (`url`), shared by several API processes.
   */
  mode: 'auto' | 'off' | 'external';
  /** external: the Janus WebSocket (ws://…), reachable from every API process, never from browsers. */
  url: string | undefined;
  /** external: the VideoRoom admin_key that Janus is configured with (only the API creates rooms). */
  adminKey: string | undefined;
  bin: string;
  /** Its WebSocket, on 127.0.0.1 only; browsers reach it through the API's `/sfu`. */
  port: number;
  /** Interfaces or addresses (prefixes allowed) Janus gathers ICE candidates on. */
  iceEnforce: string | undefined;
  /** Public address(es) for host candidates behind a 1:1 NAT (cloud servers). */
  nat11: string | undefined;
  /** STUN server (host:port) for Janus's own reflexive candidates. */
  stun: string | undefined;
  /** UDP ports for media, e.g. 20000-40000 (open them in the firewall). */
  rtpPorts: string;
}

/** Server configuration from the environment (see README «Configuration»). */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Where the built PWA is; served at `/`. */
  staticDir: string;
  /**
   * The school-local date the demo school is generated around. Unset: today in the demo school's
   * time zone. Tests pin it so the same week is on screen whatever day they run.
   */
  demoToday: string | undefined;
  /** Load the demo school into an empty database (default on; PARTA_DEMO=0 for a real school). */
  demo: boolean;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (rate limits). */
  trustProxy: boolean;
  /** Calls with more people than this run through the SFU (design: PARTA_MESH_MAX). */
  meshMax: number;
  janus: JanusConfig;
  /** STUN/TURN servers given to browsers as they are. */
  iceServers: IceServer[];
  /** A TURN server sharing a secret with us: browsers get time-limited credentials for it. */
  turn: TurnSettings | undefined;
  /** Answer GraphQL introspection (development tools); off unless PARTA_INTROSPECTION=1. */
  introspection: boolean;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir: env.PARTA_DATA_DIR ?? './data',
    databaseUrl: env.DATABASE_URL || undefined,
    staticDir: env.PARTA_STATIC_DIR ?? './dist',
    demoToday: env.PARTA_DEMO_TODAY || undefined,
    demo: env.PARTA_DEMO !== '0',
    trustProxy: env.PARTA_TRUST_PROXY === '1',
    meshMax: positiveInt(env.PARTA_MESH_MAX, DEFAULT_MESH_MAX, 'PARTA_MESH_MAX'),
    janus: janusFromEnv(env),
    iceServers: parseIceServers(env.PARTA_ICE_SERVERS),
    turn: parseTurn(env.PARTA_TURN_URLS, env.PARTA_TURN_SECRET),
    introspection: env.PARTA_INTROSPECTION === '1',
  };
}

export function janusFromEnv(env: NodeJS.ProcessEnv): JanusConfig {
  const setting = env.PARTA_JANUS ?? 'auto';
  const external = /^wss?:\/\//.test(setting);
  if (!external && setting !== 'auto' && setting !== 'off') throw new Error(`PARTA_JANUS must be auto, off or a ws:// URL, not ${setting}`);
  const adminKey = env.PARTA_JANUS_ADMIN_KEY || undefined;
  if (external && !adminKey) throw new Error('PARTA_JANUS=ws://… needs PARTA_JANUS_ADMIN_KEY (the admin_key of its VideoRoom plugin)');
  return {
    mode: external ? 'external' : (setting as 'auto' | 'off'),
    url: external ? setting : undefined,
    adminKey,
    bin: env.PARTA_JANUS_BIN || 'janus',
    port: Number(env.PARTA_JANUS_PORT ?? 8188),
    iceEnforce: env.PARTA_JANUS_ICE_ENFORCE || undefined,
    nat11: env.PARTA_JANUS_NAT_1_1 || undefined,
    stun: env.PARTA_JANUS_STUN || undefined,
    rtpPorts: env.PARTA_JANUS_RTP_PORTS || '20000-40000',
  };
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1, got «${value}»`);
  return n;
}
