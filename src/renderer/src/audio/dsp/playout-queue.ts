/**
 * The player's jitter buffer and its bookkeeping, free of Web Audio so it can be unit-tested. The
 * player worklet calls `render` once per render quantum; everything it returns as "played" has
 * really been written to the output, which is what `conversation.item.truncate` needs (§3.4).
 *
 * Start rule: playback of a burst begins once `jitterMs` of audio is queued, or once the first
 * queued sample has waited `jitterMs` — so a short reply is never held back longer than that, and a
 * 100 ms delta (the service's usual size) starts at once.
 */
export interface PlayedItem {
  itemId: string;
  playedSamples: number;
}

export interface RenderResult {
  /** Real (non-filler) samples written this call. */
  played: number;
  /** Items whose first sample was written this call, with its offset in the block. */
  started: Array<{ itemId: string; offset: number }>;
  /** The queue ran dry while playing (a gap the listener can hear). */
  underrun: boolean;
}

interface Chunk {
  itemId: string;
  pcm: Int16Array;
  offset: number;
}

/** Items remembered after they finished, so a late flush can still report them. */
const MAX_ITEMS = 64;

export class PlayoutQueue {
  private chunks: Chunk[] = [];
  private queued = 0;
  private waited = 0;
  private playing = false;
  private readonly items = new Map<string, { played: number; received: number }>();
  private readonly jitterSamples: number;
  private readonly dirty = new Set<string>();

  constructor(
    readonly sampleRate: number,
    jitterMs = 60,
  ) {
    this.jitterSamples = Math.round((jitterMs * sampleRate) / 1000);
  }

  get queuedSamples(): number {
    return this.queued;
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  enqueue(itemId: string, pcm: Int16Array): void {
    if (pcm.length === 0) return;
    this.chunks.push({ itemId, pcm, offset: 0 });
    this.queued += pcm.length;
    const item = this.items.get(itemId);
    if (item) item.received += pcm.length;
    else {
      this.items.set(itemId, { played: 0, received: pcm.length });
      this.prune();
    }
  }

  render(out: Float32Array): RenderResult {
    const result: RenderResult = { played: 0, started: [], underrun: false };
    if (!this.playing) {
      if (this.queued === 0) {
        out.fill(0);
        return result;
      }
      if (this.queued < this.jitterSamples && this.waited < this.jitterSamples) {
        this.waited += out.length;
        out.fill(0);
        return result;
      }
      this.playing = true;
    }
    let pos = 0;
    while (pos < out.length && this.chunks.length > 0) {
      const c = this.chunks[0]!;
      const n = Math.min(out.length - pos, c.pcm.length - c.offset);
      const item = this.items.get(c.itemId)!;
      if (item.played === 0) result.started.push({ itemId: c.itemId, offset: pos });
      for (let i = 0; i < n; i++) out[pos + i] = c.pcm[c.offset + i]! / 0x8000;
      c.offset += n;
      pos += n;
      item.played += n;
      this.dirty.add(c.itemId);
      if (c.offset === c.pcm.length) this.chunks.shift();
    }
    result.played = pos;
    this.queued -= pos;
    if (pos < out.length) {
      out.fill(0, pos);
      // Ran dry: re-prime before the next burst so one late delta does not become a stutter.
      this.playing = false;
      this.waited = 0;
      result.underrun = true;
    }
    return result;
  }

  /** Stop now: drop everything queued and report what each item really played. */
  flush(): PlayedItem[] {
    const played = [...this.items].map(([itemId, s]) => ({ itemId, playedSamples: s.played }));
    this.chunks = [];
    this.queued = 0;
    this.playing = false;
    this.waited = 0;
    this.items.clear();
    this.dirty.clear();
    return played;
  }

  playedOf(itemId: string): number {
    return this.items.get(itemId)?.played ?? 0;
  }

  /** Items whose played count changed since the last call, with their cumulative counts. */
  takeProgress(): Array<{ itemId: string; samples: number }> {
    const out = [...this.dirty].map((itemId) => ({ itemId, samples: this.items.get(itemId)?.played ?? 0 }));
    this.dirty.clear();
    return out;
  }

  private prune(): void {
    if (this.items.size <= MAX_ITEMS) return;
    for (const [id, s] of this.items) {
      if (this.items.size <= MAX_ITEMS) break;
      const stillQueued = this.chunks.some((c) => c.itemId === id);
      if (!stillQueued && s.played >= s.received) this.items.delete(id);
    }
  }
}
