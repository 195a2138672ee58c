import type { AudioToRenderer } from '../../../shared/ipc/audio-messages';
import type { PlaybackPort, PlayedAudio } from '../../realtime/session-api';

/** Remember progress of this many recent items only: enough for any truncate, bounded memory. */
const MAX_TRACKED_ITEMS = 64;

/**
 * The session's PlaybackPort, implemented over the renderer's audio channel: `stop()` posts
 * `flush` and waits for the matching `flushed`, which carries what the output device actually
 * rendered. When the renderer does not answer in time (hidden, crashed, no audio sink attached) it
 * falls back to the last cumulative `played` progress the renderer reported, so a truncate is
 * never computed from what was merely queued.
 */
export class PlaybackBridge implements PlaybackPort {
  private nextRequestId = 1;
  private readonly pending = new Map<number, (played: PlayedAudio[]) => void>();
  private readonly played = new Map<string, { samples: number; at: number }>();

  constructor(
    /** Posts to the renderer; returns false when no renderer audio channel is attached. */
    private readonly post: (message: AudioToRenderer) => boolean,
    private readonly timeoutMs = 400,
    /** First flush request id; a second bridge (the quick-ask launcher) counts from elsewhere. */
    firstRequestId = 1,
  ) {
    this.nextRequestId = firstRequestId;
  }

  stop(): Promise<PlayedAudio[]> {
    const requestId = this.nextRequestId++;
    if (!this.post({ kind: 'flush', requestId })) return Promise.resolve(this.snapshot());
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        resolve(this.snapshot());
      }, this.timeoutMs);
      this.pending.set(requestId, (played) => {
        clearTimeout(timer);
        resolve(played);
      });
    });
  }

  /** Renderer → main: cumulative samples rendered for one item. */
  onPlayed(itemId: string, samples: number): void {
    if (!Number.isFinite(samples) || samples < 0) return;
    const prev = this.played.get(itemId)?.samples ?? 0;
    this.played.delete(itemId); // re-insert so the Map's order is most-recently-updated last
    this.played.set(itemId, { samples: Math.max(prev, Math.floor(samples)), at: Date.now() });
    while (this.played.size > MAX_TRACKED_ITEMS) {
      const oldest = this.played.keys().next().value;
      if (oldest === undefined) break;
      this.played.delete(oldest);
    }
  }

  progress(itemId: string): { samples: number; at: number } | undefined {
    return this.played.get(itemId);
  }

  /** Renderer → main: answer to a flush. Unknown or late request ids are ignored. */
  onFlushed(requestId: number, played: PlayedAudio[]): void {
    for (const p of played) this.onPlayed(p.itemId, p.playedSamples);
    const resolve = this.pending.get(requestId);
    if (!resolve) return;
    this.pending.delete(requestId);
    resolve(played.map((p) => ({ itemId: p.itemId, playedSamples: Math.max(0, Math.floor(p.playedSamples)) })));
  }

  private snapshot(): PlayedAudio[] {
    return [...this.played].map(([itemId, p]) => ({ itemId, playedSamples: p.samples }));
  }
}
