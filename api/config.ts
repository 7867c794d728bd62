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
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir: env.PARTA_DATA_DIR ?? './data',
    databaseUrl: env.DATABASE_URL || undefined,
    staticDir: env.PARTA_STATIC_DIR ?? './dist',
    demoToday: env.PARTA_DEMO_TODAY || undefined,
  };
}
