import { describe, expect, it } from 'vitest';
import { summarize } from '../bench/stats';

describe('bench percentiles', () => {
  it('uses nearest rank and ignores non-finite values', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(summarize([...values, NaN])).toEqual({ p50: 10, p95: 19, n: 20 });
    expect(summarize([7])).toEqual({ p50: 7, p95: 7, n: 1 });
    expect(summarize([]).n).toBe(0);
  });
});
