import { bytesToMs } from '../../../shared/audio-format';

/**
 * Back-pressure for microphone audio.
 *
 * Audio is sent immediately while the socket keeps up. When the socket's `bufferedAmount` exceeds
 * `highWaterBytes` (256 KiB ≈ 2.7 s of base64 PCM at 24 kHz) or the session is not ready (connecting,
 * reconnecting), chunks are held here instead, up to `maxQueuedMs` (2 s). Beyond that the OLDEST
 * audio is dropped — the newest speech is the one the user is still producing and expects to be
 * heard — and the owner is told how many milliseconds were lost so it can show a notice.
 *
 * Why drop at all: an unbounded queue would replay a long stale backlog after a stall, delaying every
 * later turn. Push-to-talk turns keep their own complete copy (see PttTurnAudio) so a reconnect never
 * loses a held-key utterance; this bound only affects the live stream.
 */
export interface AudioOutboxOptions {
  highWaterBytes?: number;
  maxQueuedMs?: number;
}

export class AudioOutbox {
  readonly highWaterBytes: number;
  readonly maxQueuedMs: number;
  private queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private droppedBytes = 0;

  constructor(opts: AudioOutboxOptions = {}) {
    this.highWaterBytes = opts.highWaterBytes ?? 256 * 1024;
    this.maxQueuedMs = opts.maxQueuedMs ?? 2000;
  }

  get size(): number {
    return this.queue.length;
  }

  get queuedMs(): number {
    return bytesToMs(this.queuedBytes);
  }

  /** Holds a chunk; drops the oldest chunks while the queue is over its bound. */
  hold(chunk: Uint8Array): void {
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
    while (this.queue.length > 1 && bytesToMs(this.queuedBytes) > this.maxQueuedMs) {
      const old = this.queue.shift();
      if (!old) break;
      this.queuedBytes -= old.length;
      this.droppedBytes += old.length;
    }
  }

  /**
   * Sends held chunks, oldest first, while `canSend()` allows; `send` returns false when the chunk
   * could not be written (it then stays queued).
   */
  drain(canSend: () => boolean, send: (chunk: Uint8Array) => boolean): void {
    while (this.queue.length > 0 && canSend()) {
      const chunk = this.queue[0];
      if (!chunk || !send(chunk)) return;
      this.queue.shift();
      this.queuedBytes -= chunk.length;
    }
  }

  /** Milliseconds dropped since the last call (0 if none); resets the counter. */
  takeDroppedMs(): number {
    const ms = bytesToMs(this.droppedBytes);
    this.droppedBytes = 0;
    return ms;
  }

  clear(): void {
    this.queue = [];
    this.queuedBytes = 0;
  }
}
