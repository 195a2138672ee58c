/**
 * Streaming band-limited resampler (windowed-sinc, arbitrary ratio) for when the platform will not
 * run the capture AudioContext at 24 kHz and we get the device rate instead. Linear interpolation
 * would alias everything above 12 kHz straight into the speech band at 48 → 24 kHz, which hurts the
 * recogniser, so we low-pass at the lower Nyquist with a Blackman-windowed sinc.
 *
 * Latency: the filter is symmetric and needs `halfTaps` input samples of look-ahead, so the output
 * lags the input by exactly `halfTaps` input samples (0.17 ms at 48 kHz with the default 8).
 */
const PHASES = 256;

export class StreamingResampler {
  readonly ratio: number; // input samples per output sample
  private readonly halfTaps: number;
  private readonly table: Float32Array; // kernel sampled at PHASES points per input sample
  private readonly scale: number;
  private history: Float32Array;
  private histLen = 0;
  /** Position of the next output sample, in input samples relative to history[0]. */
  private pos: number;

  constructor(
    readonly inRate: number,
    readonly outRate: number,
    halfTaps = 8,
  ) {
    if (!(inRate > 0 && outRate > 0)) throw new RangeError('rates must be positive');
    this.ratio = inRate / outRate;
    // Downsampling stretches the kernel so its cutoff sits just under the output Nyquist.
    this.scale = Math.min(1, outRate / inRate) * 0.94;
    this.halfTaps = Math.ceil(halfTaps / this.scale);
    const span = this.halfTaps * PHASES;
    this.table = new Float32Array(span + 2);
    for (let i = 0; i <= span + 1; i++) {
      const x = i / PHASES; // distance in input samples
      const w = x >= this.halfTaps ? 0 : blackman(x / this.halfTaps);
      this.table[i] = this.scale * sinc(x * this.scale) * w;
    }
    this.history = new Float32Array(4096);
    // The first output is centred on input 0 once `halfTaps` samples of look-ahead have arrived;
    // pre-filling half a kernel of zeros keeps the maths the same for the very first samples.
    this.histLen = this.halfTaps;
    this.pos = this.halfTaps;
  }

  /** Output samples `process` will produce for `n` more input samples (upper bound). */
  maxOutput(n: number): number {
    return Math.ceil((this.histLen + n) / this.ratio) + 2;
  }

  /** Feeds input, returns the output samples now computable. */
  process(input: Float32Array): Float32Array {
    if (this.inRate === this.outRate) return input.slice();
    this.append(input);
    const h = this.halfTaps;
    const out = new Float32Array(Math.max(0, Math.ceil((this.histLen - h - this.pos) / this.ratio) + 1));
    let n = 0;
    while (this.pos + h < this.histLen && n < out.length) {
      const centre = Math.floor(this.pos);
      let acc = 0;
      for (let j = centre - h + 1; j <= centre + h; j++) {
        const d = Math.abs(j - this.pos) * PHASES;
        const di = Math.floor(d);
        const t = this.table[di]! + (this.table[di + 1]! - this.table[di]!) * (d - di);
        acc += this.history[j]! * t;
      }
      out[n++] = acc;
      this.pos += this.ratio;
    }
    this.compact();
    return n === out.length ? out : out.subarray(0, n);
  }

  private append(input: Float32Array): void {
    if (this.histLen + input.length > this.history.length) {
      const bigger = new Float32Array((this.histLen + input.length) * 2);
      bigger.set(this.history.subarray(0, this.histLen));
      this.history = bigger;
    }
    this.history.set(input, this.histLen);
    this.histLen += input.length;
  }

  /** Drops input no future output can reach, keeping indices small. */
  private compact(): void {
    const keepFrom = Math.floor(this.pos) - this.halfTaps;
    if (keepFrom <= 0) return;
    this.history.copyWithin(0, keepFrom, this.histLen);
    this.histLen -= keepFrom;
    this.pos -= keepFrom;
  }
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/** Blackman window over u ∈ [0, 1] measured from the centre. */
function blackman(u: number): number {
  const t = Math.PI * (u + 1); // maps the centre to the window's peak
  return 0.42 - 0.5 * Math.cos(t) + 0.08 * Math.cos(2 * t);
}
