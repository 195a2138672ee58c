/**
 * Heap figures of the memory soak. Pure, so the arithmetic is unit-tested (test/renderer/bench-stats).
 * Growth is measured from the end of the warm-up (caches, JIT, first allocations of every path are
 * done by then) to the end, per turn; a bounded app shows a figure near 0 once its lists are full.
 */
export interface HeapSample {
  /** Bytes in use after a forced full GC. */
  bytes: number;
  /** Turns completed when the sample was taken. */
  turns: number;
}

export interface HeapFigures {
  start_mb: number;
  warm_mb: number;
  end_mb: number;
  growth_kb_per_turn: number;
}

export function heapFigures(start: HeapSample, warm: HeapSample, end: HeapSample): HeapFigures {
  const mb = (b: number) => Math.round((b / 1024 / 1024) * 100) / 100;
  const turns = end.turns - warm.turns;
  const perTurn = turns > 0 ? (end.bytes - warm.bytes) / 1024 / turns : NaN;
  return { start_mb: mb(start.bytes), warm_mb: mb(warm.bytes), end_mb: mb(end.bytes), growth_kb_per_turn: Math.round(perTurn * 100) / 100 };
}
