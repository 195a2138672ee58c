import { describe, expect, it } from 'vitest';
import { PlayoutQueue } from '../../../../src/renderer/src/audio/dsp/playout-queue';

/** The player lives all day: its per-item played counters must not grow with every answer. */
describe('PlayoutQueue per-item counters', () => {
  it('after 2,000 played-out items remembers only a bounded number, the newest among them', () => {
    const q = new PlayoutQueue(24_000, 60);
    const block = new Float32Array(128);
    for (let n = 1; n <= 2000; n++) {
      q.enqueue(`item-${n}`, new Int16Array(2400).fill(100));
      for (let i = 0; i < 20; i++) q.render(block);
      q.takeProgress();
    }
    expect(q.queuedSamples).toBe(0);
    // flush() reports every item still remembered, so its length is the size of the counter map.
    const remembered = q.flush();
    expect(remembered.length).toBeLessThanOrEqual(65);
    expect(remembered.at(-1)).toEqual({ itemId: 'item-2000', playedSamples: 2400 });
  });
});
