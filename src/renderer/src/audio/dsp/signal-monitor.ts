/**
 * Input level and "is this microphone actually delivering sound" detection. A muted or not-yet-ready
 * device (Bluetooth wake-up, OS privacy mute) delivers exact zeros or a constant value; a real mic
 * in a quiet room still has a noise floor, so "flat" means a peak-to-peak of at most a few LSB.
 */
const FLAT_PEAK_TO_PEAK = 3 / 32768;

export interface LevelReport {
  /** RMS over the last report window, dBFS (−100 for digital silence). */
  rmsDb: number;
  peak: number;
  /** How long the signal has been flat without interruption, ms. */
  flatMs: number;
}

export class SignalMonitor {
  private sumSq = 0;
  private count = 0;
  private peak = 0;
  private flatSamples = 0;

  constructor(readonly sampleRate: number) {}

  push(block: Float32Array): void {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < block.length; i++) {
      const s = block[i]!;
      this.sumSq += s * s;
      if (s < min) min = s;
      if (s > max) max = s;
      const a = s < 0 ? -s : s;
      if (a > this.peak) this.peak = a;
    }
    this.count += block.length;
    if (block.length > 0 && max - min <= FLAT_PEAK_TO_PEAK) this.flatSamples += block.length;
    else if (block.length > 0) this.flatSamples = 0;
  }

  /** Samples accumulated since the last report. */
  get pending(): number {
    return this.count;
  }

  report(): LevelReport {
    const rms = this.count > 0 ? Math.sqrt(this.sumSq / this.count) : 0;
    const r = {
      rmsDb: rms > 1e-5 ? 20 * Math.log10(rms) : -100,
      peak: this.peak,
      flatMs: (this.flatSamples / this.sampleRate) * 1000,
    };
    this.sumSq = 0;
    this.count = 0;
    this.peak = 0;
    return r;
  }
}
