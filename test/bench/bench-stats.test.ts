import { describe, expect, it } from 'vitest';
import { summarize } from './stats';
import { heapFigures } from './memory';

describe('bench percentiles', () => {
  it('uses nearest rank and ignores non-finite values', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(summarize([...values, NaN])).toEqual({ p50: 10, p95: 19, n: 20 });
    expect(summarize([7])).toEqual({ p50: 7, p95: 7, n: 1 });
    expect(summarize([]).n).toBe(0);
  });
});

describe('soak heap figures', () => {
  it('reports MB at each sample and growth per turn from the end of the warm-up', () => {
    const MB = 1024 * 1024;
    const f = heapFigures({ bytes: 10 * MB, turns: 0 }, { bytes: 12 * MB, turns: 100 }, { bytes: 12 * MB + 200 * 1024, turns: 500 });
    expect(f).toEqual({ start_mb: 10, warm_mb: 12, end_mb: 12.2, growth_kb_per_turn: 0.5 });
    expect(heapFigures({ bytes: MB, turns: 0 }, { bytes: MB, turns: 5 }, { bytes: MB, turns: 5 }).growth_kb_per_turn).toBeNaN();
  });
});
