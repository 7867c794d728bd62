import { describe, expect, it } from 'vitest';
import { reconnectDelay, syncErrorCode } from './replication.ts';

describe('stream reconnect waits', () => {
  it('double from about a second up to about ten, and never grow beyond', () => {
    expect(reconnectDelay(0, 0.5)).toBe(1_000);
    expect(reconnectDelay(1, 0.5)).toBe(2_000);
    expect(reconnectDelay(3, 0.5)).toBe(8_000);
    expect(reconnectDelay(4, 0.5)).toBe(10_000);
    expect(reconnectDelay(1_000, 0.5)).toBe(10_000);
  });

  it('spread over ±50 % so devices that lost the network together do not return together', () => {
    expect(reconnectDelay(2, 0)).toBe(2_000);
    expect(reconnectDelay(2, 0.999)).toBeCloseTo(5_996);
    const waits = new Set(Array.from({ length: 20 }, () => Math.round(reconnectDelay(3))));
    expect(waits.size).toBeGreaterThan(10);
    for (const w of waits) expect(w >= 4_000 && w < 12_000).toBe(true);
  });
});

describe('the code a failed sync request reports', () => {
  it('is the server’s code inside RxDB’s wrapper, or NETWORK when no answer came', () => {
    const wrapped = (errors: unknown[]) => ({ code: 'RC_PULL', parameters: { errors, direction: 'pull' } });
    expect(syncErrorCode(wrapped([{ message: 'Войдите', extensions: { code: 'UNAUTHENTICATED' } }]))).toBe('UNAUTHENTICATED');
    expect(syncErrorCode(wrapped([{ message: 'Нет прав', extensions: { code: 'FORBIDDEN' } }]))).toBe('FORBIDDEN');
    expect(syncErrorCode(wrapped([{ name: 'TypeError', message: 'Failed to fetch' }]))).toBe('NETWORK');
  });

  it('is UNAUTHENTICATED when the server closed the stream because the session ended, so the app signs out', () => {
    // Like a browser CloseEvent: `code` and `reason` are getters on the prototype, not own fields.
    class CloseEventLike {
      constructor(private readonly c: number) {}
      get code(): number {
        return this.c;
      }
      get reason(): string {
        return '';
      }
    }
    expect(syncErrorCode(new CloseEventLike(4401))).toBe('UNAUTHENTICATED');
    expect(syncErrorCode(new CloseEventLike(1013))).toBe('NETWORK');
  });
});
