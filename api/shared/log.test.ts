import { afterEach, describe, expect, it } from 'vitest';
import { configureLog, log, settingsFromEnv, type Level, type LogSettings } from './log.ts';

let restore: LogSettings | null = null;
afterEach(() => {
  if (restore) configureLog(restore);
  restore = null;
});

function capture(next: Partial<LogSettings>): { level: Level; line: string }[] {
  const lines: { level: Level; line: string }[] = [];
  restore = configureLog({ ...next, write: (level, line) => lines.push({ level, line }) });
  return lines;
}

describe('log', () => {
  it('writes JSON lines with time, level, tag, message and fields; errors keep message and stack', () => {
    const lines = capture({ level: 'info', format: 'json' });
    log('calls').warn('room failed', { room: 7, error: Object.assign(new Error('gone'), { code: 'ECONNRESET' }) });
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!.line) as Record<string, unknown>;
    expect(record).toMatchObject({ level: 'warn', tag: 'calls', msg: 'room failed', room: 7, error: { message: 'gone', code: 'ECONNRESET' } });
    expect(typeof record.time).toBe('string');
    expect(String((record.error as { stack: string }).stack)).toContain('gone');
  });

  it('writes a readable line in text format', () => {
    const lines = capture({ level: 'debug', format: 'text' });
    log('db').info('listener reconnected', { attempt: 2 });
    expect(lines[0]!.line).toBe('INFO  [db] listener reconnected attempt=2');
  });

  it('drops lines below the level', () => {
    const lines = capture({ level: 'warn', format: 'text' });
    const db = log('db');
    db.debug('a');
    db.info('b');
    db.warn('c');
    db.error('d');
    expect(lines.map((l) => l.level)).toEqual(['warn', 'error']);
  });

  it('is quiet at warn under tests, JSON in production, and obeys PARTA_LOG / PARTA_LOG_FORMAT', () => {
    expect(settingsFromEnv({ VITEST: 'true' })).toMatchObject({ level: 'warn', format: 'text' });
    expect(settingsFromEnv({ VITEST: 'true', PARTA_LOG: 'debug' }).level).toBe('debug');
    // A server process started by a test is not the test: it logs as it would anywhere.
    expect(settingsFromEnv({ VITEST: 'true' }, false).level).toBe('info');
    expect(settingsFromEnv({ NODE_ENV: 'production' })).toMatchObject({ level: 'info', format: 'json' });
    expect(settingsFromEnv({ NODE_ENV: 'production', PARTA_LOG_FORMAT: 'text', PARTA_LOG: 'nonsense' })).toMatchObject({ level: 'info', format: 'text' });
  });
});
