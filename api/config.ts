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
  };
}
