/**
 * The microphone audio the barge-in gate holds while the assistant speaks: appended every 40 ms,
 * trimmed at the front to a few seconds, read only when a run is released. Kept as a list of
 * chunks, because copying the whole hold on every append (up to 3 s, 144 KB, 25 times a second)
 * was what holding cost.
 */
export class HeldAudio {
  private chunks: Uint8Array[] = [];
  /** Bytes of `chunks[0]` already dropped. */
  private head = 0;
  private bytes = 0;

  get length(): number {
    return this.bytes;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.bytes += chunk.length;
  }

  /** Forgets the oldest `n` bytes. */
  dropFront(n: number): void {
    let left = Math.min(n, this.bytes);
    this.bytes -= left;
    while (left > 0) {
      const first = this.chunks[0]!;
      const avail = first.length - this.head;
      if (left < avail) {
        this.head += left;
        return;
      }
      left -= avail;
      this.chunks.shift();
      this.head = 0;
    }
  }

  /** A copy of everything from byte `offset` on. */
  sliceFrom(offset: number): Uint8Array {
    const from = Math.max(0, Math.min(offset, this.bytes));
    const out = new Uint8Array(this.bytes - from);
    let skip = from + this.head;
    let at = 0;
    for (const c of this.chunks) {
      if (skip >= c.length) {
        skip -= c.length;
        continue;
      }
      out.set(skip > 0 ? c.subarray(skip) : c, at);
      at += c.length - skip;
      skip = 0;
    }
    return out;
  }

  clear(): void {
    this.chunks = [];
    this.head = 0;
    this.bytes = 0;
  }
}
