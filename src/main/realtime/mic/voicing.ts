import { SAMPLE_RATE } from '../../../shared/audio-format';

/**
 * Is this bit of microphone audio a voice? A 10 ms frame is loud above -45 dBFS, and voiced when it
 * is also periodic at a speaking pitch (80–400 Hz): its normalized autocorrelation over the last
 * 30 ms has a clear peak at a pitch lag. Coughs, clicks, breaths and keyboard noise are loud but
 * aperiodic; the echo canceller's residue of the assistant's voice is periodic but quiet (≥ 50 dB
 * below the played level on the chosen path, see docs/ARCHITECTURE.md "Echo and barge-in").
 * Pure: fed 24 kHz PCM16 (the wire format), it keeps only the last 30 ms of history.
 */
export const VOICING_FRAME_MS = 10;

/** One 10 ms frame: loud enough to be a voice, and periodic at a pitch too (voiced). */
export interface FrameVerdict {
  loud: boolean;
  voiced: boolean;
}

export interface VoicingOptions {
  sampleRate?: number;
  /** Frame RMS below this (dBFS) is never voice. */
  minLevelDb?: number;
  /** Normalized autocorrelation peak a voiced frame needs (0..1). */
  minPeriodicity?: number;
}

export class VoicingDetector {
  private readonly rate: number;
  private readonly frame: number;
  private readonly window: number;
  private readonly minLag: number;
  private readonly maxLag: number;
  private readonly minRms: number;
  private readonly minPeriodicity: number;
  /** The last `window` samples (floats), and how many new samples since the last frame. */
  private readonly history: Float32Array;
  private readonly next: Float32Array;
  private filled = 0;
  private sinceFrame = 0;
  private carry: number | null = null;

  constructor(opts: VoicingOptions = {}) {
    this.rate = opts.sampleRate ?? SAMPLE_RATE;
    this.frame = Math.round((this.rate * VOICING_FRAME_MS) / 1000);
    this.window = this.frame * 3;
    this.minLag = Math.floor(this.rate / 400);
    this.maxLag = Math.ceil(this.rate / 80);
    this.minRms = 10 ** ((opts.minLevelDb ?? -45) / 20);
    this.minPeriodicity = opts.minPeriodicity ?? 0.45;
    this.history = new Float32Array(this.window);
    this.next = new Float32Array(this.frame);
  }

  /** Feeds PCM16 little-endian bytes (any length); returns one verdict per completed 10 ms frame. */
  push(bytes: Uint8Array): FrameVerdict[] {
    const out: FrameVerdict[] = [];
    let i = 0;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const take = (s: number) => {
      this.next[this.sinceFrame++] = s / 32768;
      if (this.sinceFrame === this.frame) {
        this.sinceFrame = 0;
        this.history.copyWithin(0, this.frame);
        this.history.set(this.next, this.window - this.frame);
        this.filled = Math.min(this.window, this.filled + this.frame);
        out.push(this.verdict());
      }
    };
    if (this.carry !== null && bytes.length > 0) {
      take(((bytes[0]! << 8) | this.carry) << 16 >> 16);
      this.carry = null;
      i = 1;
    }
    for (; i + 1 < bytes.length; i += 2) take(view.getInt16(i, true));
    if (i < bytes.length) this.carry = bytes[i]!;
    return out;
  }

  reset(): void {
    this.history.fill(0);
    this.filled = 0;
    this.sinceFrame = 0;
    this.carry = null;
  }

  private verdict(): FrameVerdict {
    const h = this.history;
    const n = this.window;
    // Level of the newest frame only: a voice that has just stopped is not voiced any more.
    let e = 0;
    for (let i = n - this.frame; i < n; i++) e += h[i]! * h[i]!;
    if (Math.sqrt(e / this.frame) < this.minRms) return { loud: false, voiced: false };
    if (this.filled < n) return { loud: true, voiced: false };
    let mean = 0;
    for (let i = 0; i < n; i++) mean += h[i]!;
    mean /= n;
    let best = 0;
    for (let lag = this.minLag; lag <= this.maxLag; lag++) {
      let xy = 0;
      let xx = 0;
      let yy = 0;
      // Every other sample: a quarter of the work, and 12 kHz still resolves a voice's pitch.
      for (let i = lag; i < n; i += 2) {
        const a = h[i]! - mean;
        const b = h[i - lag]! - mean;
        xy += a * b;
        xx += a * a;
        yy += b * b;
      }
      const r = xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : 0;
      if (r > best) best = r;
    }
    return { loud: true, voiced: best >= this.minPeriodicity };
  }
}
