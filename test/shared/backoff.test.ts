/** The one backoff of the app: realtime reconnects and MCP restarts both rely on these bounds. */
import { describe, expect, it } from 'vitest';
import { backoffDelay, RECONNECT_BACKOFF } from '../../src/shared/backoff';

describe('backoffDelay', () => {
  it('doubles from the initial delay and stops at the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, { initialMs: 500, maxMs: 8000 }));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('treats attempts below 1 as the first and honours another factor', () => {
    expect(backoffDelay(0, { initialMs: 100 })).toBe(100);
    expect(backoffDelay(-3, { initialMs: 100 })).toBe(100);
    expect(backoffDelay(3, { initialMs: 100, factor: 3 })).toBe(900);
  });

  it('equal jitter keeps each delay between half and all of its nominal value', () => {
    const opts = { ...RECONNECT_BACKOFF, random: () => 0 };
    expect(backoffDelay(1, opts)).toBe(500);
    expect(backoffDelay(1, { ...opts, random: () => 0.999999 })).toBe(1000);
    expect(backoffDelay(10, opts)).toBe(15_000);
    for (let attempt = 1; attempt <= 8; attempt++) {
      const nominal = backoffDelay(attempt, { ...RECONNECT_BACKOFF, jitter: 'none' });
      for (let i = 0; i < 50; i++) {
        const d = backoffDelay(attempt, RECONNECT_BACKOFF);
        expect(d).toBeGreaterThanOrEqual(nominal / 2);
        expect(d).toBeLessThanOrEqual(nominal);
      }
    }
  });

  it('clients dropped together spread out instead of retrying in lockstep', () => {
    const delays = new Set(Array.from({ length: 20 }, () => backoffDelay(4, RECONNECT_BACKOFF)));
    expect(delays.size).toBeGreaterThan(10);
  });

  it('the reconnect policy is 1 s, 2 s, 4 s … capped at 30 s', () => {
    const nominal = (n: number) => backoffDelay(n, { ...RECONNECT_BACKOFF, jitter: 'none' });
    expect([1, 2, 3, 4, 5, 6].map(nominal)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000]);
  });
});
