/**
 * Player worklet: a jitter-buffered queue of assistant PCM (see dsp/playout-queue.ts). It alone
 * knows how many samples really went out, so it answers `flush` with the true played counts.
 */
import { PlayoutQueue } from './dsp/playout-queue';
import { pcm16View } from './dsp/pcm';
import { worklet } from './worklet-scope';
import type { FromPlayer, ToPlayer } from './worklet-messages';

/** Progress reports at most this often; the flush reply is exact regardless. */
const PROGRESS_EVERY_MS = 50;

class PlayerProcessor extends worklet.AudioWorkletProcessor {
  private readonly queue: PlayoutQueue;
  private sinceProgress = 0;
  private readonly progressEvery: number;

  constructor(options?: AudioWorkletNodeOptions) {
    super(options);
    const jitterMs = (options?.processorOptions as { jitterMs?: number } | undefined)?.jitterMs ?? 60;
    this.queue = new PlayoutQueue(worklet.sampleRate, jitterMs);
    this.progressEvery = Math.round((PROGRESS_EVERY_MS * worklet.sampleRate) / 1000);
    this.port.onmessage = (e: MessageEvent<ToPlayer>) => {
      const m = e.data;
      if (m.type === 'pcm') this.queue.enqueue(m.itemId, pcm16View(m.pcm));
      else {
        // Handled between render quanta: the very next quantum is silent.
        const played = this.queue.flush();
        this.sinceProgress = 0;
        this.send({ type: 'flushed', requestId: m.requestId, played, at: Date.now() });
      }
    };
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const channels = outputs[0] ?? [];
    const first = channels[0];
    if (!first) return true;
    const r = this.queue.render(first);
    for (let c = 1; c < channels.length; c++) channels[c]!.set(first);
    const now = Date.now();
    for (const s of r.started) this.send({ type: 'started', itemId: s.itemId, at: now + (s.offset / worklet.sampleRate) * 1000 });
    if (r.underrun) this.send({ type: 'underrun', at: now });
    this.sinceProgress += first.length;
    // Report promptly when a burst ends so the count is final before the next one starts.
    if (this.sinceProgress >= this.progressEvery || r.underrun) {
      this.sinceProgress = 0;
      const items = this.queue.takeProgress();
      if (items.length > 0) this.send({ type: 'played', items });
    }
    return true;
  }

  private send(m: FromPlayer): void {
    this.port.postMessage(m);
  }
}

worklet.registerProcessor('player-processor', PlayerProcessor);
