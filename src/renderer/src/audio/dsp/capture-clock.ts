/**
 * Wall-clock capture times for blocks of samples. The audio thread's `Date.now()` at process() is
 * the block's capture time plus a delay that varies: after a stall the thread runs several blocks
 * back to back, and naive stamps would bunch up (even go backwards relative to sample order). The
 * sample count is the steady clock; we anchor it to the wall clock at the least-delayed
 * observation. Two things move the anchor later: a slow drift allowance (`maxDriftPerSec`, for a
 * device clock slower than the system clock), and a re-anchor when every observation over a whole
 * window arrived later than the anchor predicts — that means samples were lost (an input overrun
 * under load), and the count alone would otherwise stamp all later audio too early forever.
 */
export class CaptureClock {
  private anchor = Infinity; // wall ms of sample 0
  private processed = 0;
  private lastNow = 0;
  private windowMin = Infinity;
  private windowEnd = 0;

  constructor(
    readonly sampleRate: number,
    private readonly maxDriftPerSec = 0.001,
    /** Observation window for detecting lost samples, ms. */
    private readonly windowMs = 250,
    /** A window whose best observation is this much later than the anchor re-anchors the clock, ms. */
    private readonly slipMs = 3,
  ) {}

  /** Call once per block after it arrived, with the block length; returns the wall time of its first sample. */
  stamp(blockSamples: number, now: number): number {
    const first = this.processed;
    this.processed += blockSamples;
    const estimate = now - (this.processed / this.sampleRate) * 1000;
    if (!Number.isFinite(this.anchor) || estimate <= this.anchor) {
      this.anchor = estimate;
    } else {
      this.anchor = Math.min(estimate, this.anchor + Math.max(0, now - this.lastNow) * this.maxDriftPerSec);
    }
    this.windowMin = Math.min(this.windowMin, estimate);
    if (now >= this.windowEnd) {
      if (this.windowMin > this.anchor + this.slipMs) this.anchor = this.windowMin;
      this.windowMin = Infinity;
      this.windowEnd = now + this.windowMs;
    }
    this.lastNow = now;
    return this.anchor + (first / this.sampleRate) * 1000;
  }
}
