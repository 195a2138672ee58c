/**
 * Wall-clock capture times for blocks of samples. The audio thread's `Date.now()` at process() is
 * the block's capture time plus a delay that varies: after a stall the thread runs several blocks
 * back to back, and naive stamps would bunch up (even go backwards relative to sample order). The
 * sample count is the steady clock; we anchor it to the wall clock at the least-delayed
 * observation, and let the anchor creep upward slowly (≤ `maxDriftPerSec`) so a device clock that
 * runs slower than the system clock cannot drag stamps into the past over a long session.
 */
export class CaptureClock {
  private anchor = Infinity; // wall ms of sample 0
  private processed = 0;
  private lastNow = 0;

  constructor(
    readonly sampleRate: number,
    private readonly maxDriftPerSec = 0.001,
  ) {}

  /** Call once per block after it arrived, with the block length; returns the wall time of its first sample. */
  stamp(blockSamples: number, now: number): number {
    const first = this.processed;
    this.processed += blockSamples;
    const estimate = now - (this.processed / this.sampleRate) * 1000;
    if (estimate <= this.anchor || !Number.isFinite(this.anchor)) this.anchor = estimate;
    else this.anchor = Math.min(estimate, this.anchor + Math.max(0, now - this.lastNow) * this.maxDriftPerSec);
    this.lastNow = now;
    return this.anchor + (first / this.sampleRate) * 1000;
  }
}
