/** Percentiles for the benchmark report (nearest-rank, so every figure is a value that was measured). */
export interface Summary {
  p50: number;
  p95: number;
  n: number;
}

export function summarize(values: number[]): Summary {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const at = (p: number) => (v.length === 0 ? NaN : v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))]!);
  return { p50: round(at(50)), p95: round(at(95)), n: v.length };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
