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

  get pending(): boolean {
    return this.carry !== null;
  }

  reset(): void {
    this.carry = null;
  }
}

/** Decodes base64 to a fresh, exactly sized ArrayBuffer (never a view into Node's pooled buffers). */
export function base64ToBytes(b64: string): Uint8Array {
  const buf = Buffer.from(b64, 'base64');
  const out = new Uint8Array(buf.length);
  out.set(buf);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Copies bytes into a standalone ArrayBuffer suitable for IPC transfer. */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}

export function asBytes(pcm: ArrayBuffer | Uint8Array): Uint8Array {
  return pcm instanceof Uint8Array ? pcm : new Uint8Array(pcm);
}
