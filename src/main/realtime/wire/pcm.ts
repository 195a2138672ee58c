/**
 * PCM16 byte handling. Deltas from the server can have any size, including odd byte counts (§3.3,
 * §7.1.14), so a trailing odd byte is carried over to the next chunk of the same item; the same is
 * done for microphone input, because the simulator (and possibly the service) rejects odd appends.
 */

/** Splits a byte stream into whole 16-bit samples, keeping one pending byte between calls. */
export class SampleAligner {
  private carry: number | null = null;

  /** Returns the whole-sample bytes of `chunk` prefixed by any carried byte; may be empty. */
  push(chunk: Uint8Array): Uint8Array {
    let bytes = chunk;
    if (this.carry !== null) {
      bytes = new Uint8Array(chunk.length + 1);
      bytes[0] = this.carry;
      bytes.set(chunk, 1);
      this.carry = null;
    }
    if (bytes.length % 2 === 1) {
      this.carry = bytes[bytes.length - 1] ?? 0;
      bytes = bytes.subarray(0, bytes.length - 1);
    }
    return bytes;
  }

  /** Removes and returns the carried byte, if any (for decoders that prepend it themselves). */
  takeCarry(): number | null {
    const c = this.carry;
    this.carry = null;
    return c;
  }

  get pending(): boolean {
    return this.carry !== null;
  }

  reset(): void {
    this.carry = null;
  }
}

/**
 * An assistant audio delta as whole samples in a fresh, exactly sized ArrayBuffer ready to post to
 * the player (an exact buffer, because posting a view would copy all of its backing store): base64
 * is decoded straight into its destination, after the byte `aligner` carried from the previous
 * delta, so the common case allocates once and copies nothing. `Buffer.allocUnsafeSlow` and not
 * `new ArrayBuffer`: every byte is written by the decode, and skipping the zero-fill and V8's
 * ArrayBuffer constructor made this ~4 × cheaper (this runs for every 40 ms of speech; see
 * `npm run bench -- --peers`).
 */
export function decodePcmDelta(b64: string, aligner: SampleAligner): ArrayBuffer {
  const carry = aligner.takeCarry();
  const head = carry === null ? 0 : 1;
  const max = Buffer.byteLength(b64, 'base64');
  const out = Buffer.allocUnsafeSlow(head + max);
  if (carry !== null) out[0] = carry;
  let total = head + out.write(b64, head, max, 'base64');
  if (total % 2 === 1) {
    aligner.push(out.subarray(total - 1, total));
    total -= 1;
  }
  // allocUnsafeSlow's buffer is its own (offset 0, never pooled), so it can be handed on as is.
  return total === out.byteLength ? (out.buffer as ArrayBuffer) : out.buffer.slice(0, total) as ArrayBuffer;
}

export function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function asBytes(pcm: ArrayBuffer | Uint8Array): Uint8Array {
  return pcm instanceof Uint8Array ? pcm : new Uint8Array(pcm);
}
