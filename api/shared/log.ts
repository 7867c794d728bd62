/**
 * The server's one logger. Every line has a level and a tag (the part of the server speaking):
 * `log('calls').warn('creating an SFU room failed', { error })`.
 * - Production (NODE_ENV=production) writes JSON lines an aggregator can parse; elsewhere one
 *   readable line. PARTA_LOG_FORMAT=json|text overrides.
 * - PARTA_LOG=debug|info|warn|error sets the lowest level written: info by default, warn under
 *   vitest so a green run stays quiet (PARTA_LOG=debug asks for everything). A server process a
 *   test starts (main.ts, supervise.ts) inherits VITEST but is not the test: its entry point asks
 *   for `settingsFromEnv(env, false)`, so it says what it says in production.
 * - warn and error go to stderr, the rest to stdout.
 * No library: four levels and two formats are all Parta needs, and nothing here may block.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';

export type Fields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
}

const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogSettings {
  level: Level;
  format: 'json' | 'text';
  /** Where lines go (tests capture them). */
  write(level: Level, line: string): void;
}

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env, quietUnderTests = true): LogSettings {
  const asked = env.PARTA_LOG as Level | undefined;
  const level: Level = asked && asked in RANK ? asked : quietUnderTests && env.VITEST ? 'warn' : 'info';
  const format = env.PARTA_LOG_FORMAT === 'json' || env.PARTA_LOG_FORMAT === 'text' ? env.PARTA_LOG_FORMAT : env.NODE_ENV === 'production' ? 'json' : 'text';
  return { level, format, write: (lvl, line) => (RANK[lvl] >= RANK.warn ? process.stderr : process.stdout).write(`${line}\n`) };
}

let settings: LogSettings = settingsFromEnv();

/** Replaces the settings (tests, or a start script that parsed its own flags); returns the old ones. */
export function configureLog(next: Partial<LogSettings>): LogSettings {
  const previous = settings;
  settings = { ...settings, ...next };
  return previous;
}

/** The lowest level now written: lets a caller skip work for a line nobody will see. */
export function logLevel(): Level {
  return settings.level;
}

/** A logger for one part of the server. Cheap: make one per module. */
export function log(tag: string): Logger {
  const at =
    (level: Level) =>
    (message: string, fields?: Fields): void => {
      if (RANK[level] < RANK[settings.level]) return;
      settings.write(level, settings.format === 'json' ? jsonLine(level, tag, message, fields) : textLine(level, tag, message, fields));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function jsonLine(level: Level, tag: string, message: string, fields: Fields | undefined): string {
  const record: Fields = { time: new Date().toISOString(), level, tag, msg: message };
  for (const [key, value] of Object.entries(fields ?? {})) record[key] = plain(value);
  try {
    return JSON.stringify(record);
  } catch {
    // A cycle or a BigInt in the fields: the line still goes out, without them.
    return JSON.stringify({ time: record.time, level, tag, msg: message, fields: 'unserialisable' });
  }
}

function textLine(level: Level, tag: string, message: string, fields: Fields | undefined): string {
  const parts = Object.entries(fields ?? {}).map(([key, value]) => {
    const v = plain(value);
    if (v && typeof v === 'object' && 'stack' in v && typeof v.stack === 'string') return `\n${v.stack}`;
    return ` ${key}=${typeof v === 'string' ? v : JSON.stringify(v)}`;
  });
  return `${level.toUpperCase().padEnd(5)} [${tag}] ${message}${parts.join('')}`;
}

/** Errors keep their message, code and stack (JSON.stringify would give `{}`). */
function plain(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const code = (value as { code?: unknown }).code;
  return { name: value.name, message: value.message, ...(code !== undefined ? { code } : {}), stack: value.stack };
}
