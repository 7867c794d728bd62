import { DEFAULT_MESH_MAX } from './calls/deps.ts';

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
  /** Most participants of a PeerJS (mesh) call; a bigger call moves to the SFU. */
  meshMax: number;
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
  };
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1, got «${value}»`);
  return n;
}
