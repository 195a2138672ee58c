import { BYTES_PER_MS } from '../../../shared/audio-format';

/**
 * One push-to-talk utterance. It keeps its own copy of every byte appended since the key went down,
 * so a socket lost while the key is held (or before the commit was acknowledged) can be replayed
 * onto the new connection instead of losing the user's words. The copy is bounded (2 minutes of
 * 24 kHz PCM16 ≈ 5.8 MB); beyond that the oldest audio is dropped and counted.
 */
export const MAX_RETAINED_MS = 120_000;
/** §6.2: OpenAI rejects commits under 100 ms; don't even try. */
export const MIN_COMMIT_MS = 100;

export type PttState = 'recording' | 'commit-pending' | 'committed';

export class PttTurn {
  state: PttState = 'recording';
  /** Event id of the commit actually written to the current socket, if any. */
  commitEventId: string | null = null;
  /** Server item id from `input_audio_buffer.committed`. */
  itemId: string | null = null;
  /** Set when this utterance is being committed again after a reconnect: the old item id. */
  replayOf: string | null = null;
  private chunks: Uint8Array[] = [];
  private retainedBytes = 0;
  private totalBytes = 0;
  droppedMs = 0;

  constructor(private readonly maxRetainedMs = MAX_RETAINED_MS) {}

  add(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.retainedBytes += bytes.length;
    this.totalBytes += bytes.length;
    while (this.chunks.length > 1 && this.retainedBytes / BYTES_PER_MS > this.maxRetainedMs) {
      const old = this.chunks.shift();
      if (!old) break;
      this.retainedBytes -= old.length;
      this.droppedMs += old.length / BYTES_PER_MS;
    }
  }

  get capturedMs(): number {
    return this.totalBytes / BYTES_PER_MS;
  }

  /** Retained audio re-chunked to ≤100 ms appends (§3.2), for replay on a new socket. */
  replayChunks(maxChunkMs = 100): Uint8Array[] {
    const max = maxChunkMs * BYTES_PER_MS;
    const out: Uint8Array[] = [];
    for (const c of this.chunks) {
      for (let off = 0; off < c.length; off += max) out.push(c.subarray(off, Math.min(c.length, off + max)));
    }
    return out;
  }

  release(): void {
    this.chunks = [];
    this.retainedBytes = 0;
  }
}
