/**
 * Fixed-capacity ring of PCM16 samples: the warm-mic pre-roll. It always holds the most recent
 * `capacity` samples and knows the capture time of the newest one, so the pre-roll can be sent
 * with honest timestamps when the talk key goes down.
 */
export class PcmRing {
  private buf: Int16Array;
  private start = 0;
  private len = 0;
  /** Epoch ms just after the newest sample was captured. */
  private endAt = 0;

  constructor(
    capacity: number,
    readonly sampleRate: number,
  ) {
    this.buf = new Int16Array(Math.max(0, Math.floor(capacity)));
  }

  get capacity(): number {
    return this.buf.length;
  }

  get length(): number {
    return this.len;
  }

  /** Changing the size keeps the newest samples that still fit. */
  resize(capacity: number): void {
    const keep = this.read();
    this.buf = new Int16Array(Math.max(0, Math.floor(capacity)));
    this.start = 0;
    this.len = 0;
    const endAt = this.endAt;
    this.write(keep, endAt - (keep.length / this.sampleRate) * 1000);
  }

  /** `firstAt`: epoch ms of samples[0]. */
  write(samples: Int16Array, firstAt: number): void {
    this.endAt = firstAt + (samples.length / this.sampleRate) * 1000;
    const cap = this.buf.length;
    if (cap === 0) return;
    let src = samples;
    if (src.length >= cap) {
      src = src.subarray(src.length - cap);
      this.buf.set(src);
      this.start = 0;
      this.len = cap;
      return;
    }
    let writeAt = (this.start + this.len) % cap;
    let offset = 0;
    while (offset < src.length) {
      const n = Math.min(src.length - offset, cap - writeAt);
      this.buf.set(src.subarray(offset, offset + n), writeAt);
      offset += n;
      writeAt = (writeAt + n) % cap;
    }
    const overflow = this.len + src.length - cap;
    if (overflow > 0) {
      this.start = (this.start + overflow) % cap;
      this.len = cap;
    } else {
      this.len += src.length;
    }
  }

  /** The contents, oldest first (a copy). */
  read(): Int16Array {
    const out = new Int16Array(this.len);
    const cap = this.buf.length;
    const first = Math.min(this.len, cap - this.start);
    out.set(this.buf.subarray(this.start, this.start + first));
    if (first < this.len) out.set(this.buf.subarray(0, this.len - first), first);
    return out;
  }

  /** Epoch ms of the oldest sample held. */
  get firstAt(): number {
    return this.endAt - (this.len / this.sampleRate) * 1000;
  }

  clear(): void {
    this.start = 0;
    this.len = 0;
  }
}
