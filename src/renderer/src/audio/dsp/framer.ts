/**
 * Cuts a continuous PCM16 stream into frames of a fixed number of samples, each stamped with the
 * capture time of its first sample. `flush` hands out the partial last frame at the end of a turn,
 * so no captured sample is ever held back.
 */
export interface PcmFrame {
  pcm: Int16Array;
  /** Epoch ms of pcm[0]. */
  capturedAt: number;
}

export class Framer {
  private pending: Int16Array;
  private fill = 0;
  private pendingAt = 0;

  constructor(
    private frameSamples: number,
    readonly sampleRate: number,
  ) {
    this.pending = new Int16Array(frameSamples);
  }

  get buffered(): number {
    return this.fill;
  }

  /** Takes effect at the next frame boundary; the partial frame is carried over. */
  setFrameSamples(n: number): PcmFrame[] {
    const out = this.fill > 0 ? [this.take()] : [];
    this.frameSamples = n;
    this.pending = new Int16Array(n);
    return out;
  }

  /** `firstAt`: epoch ms of samples[0]. */
  push(samples: Int16Array, firstAt: number): PcmFrame[] {
    const out: PcmFrame[] = [];
    const msPerSample = 1000 / this.sampleRate;
    let offset = 0;
    while (offset < samples.length) {
      if (this.fill === 0) this.pendingAt = firstAt + offset * msPerSample;
      const n = Math.min(this.frameSamples - this.fill, samples.length - offset);
      this.pending.set(samples.subarray(offset, offset + n), this.fill);
      this.fill += n;
      offset += n;
      if (this.fill === this.frameSamples) out.push(this.take());
    }
    return out;
  }

  /** The partial frame, if any. */
  flush(): PcmFrame | null {
    return this.fill > 0 ? this.take() : null;
  }

  /** Forget buffered samples (a turn was abandoned). */
  reset(): void {
    this.fill = 0;
  }

  private take(): PcmFrame {
    // A fresh copy per frame: it is transferred out of the worklet and must not alias our buffer.
    const frame = { pcm: this.pending.slice(0, this.fill), capturedAt: this.pendingAt };
    this.fill = 0;
    return frame;
  }
}
