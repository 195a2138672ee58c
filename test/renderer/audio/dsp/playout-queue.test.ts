import { describe, expect, it } from 'vitest';
import { PlayoutQueue } from '../../../../src/renderer/src/audio/dsp/playout-queue';

const RATE = 24_000;
const Q = 128; // one render quantum
const ramp = (n: number, from = 1) => new Int16Array(n).map((_, i) => from + i);

function renderN(q: PlayoutQueue, quanta: number) {
  const out: number[] = [];
  let played = 0;
  const started: string[] = [];
  for (let i = 0; i < quanta; i++) {
    const block = new Float32Array(Q);
    const r = q.render(block);
    played += r.played;
    started.push(...r.started.map((s) => s.itemId));
    out.push(...Array.from(block, (v) => Math.round(v * 0x8000)));
  }
  return { out, played, started };
}

describe('PlayoutQueue (jitter buffer)', () => {
  it('starts at once when a delta already fills the jitter buffer and plays every sample in order', () => {
    const q = new PlayoutQueue(RATE, 60);
    q.enqueue('a', ramp(2400)); // 100 ms
    const { out, played, started } = renderN(q, 20);
    expect(started).toEqual(['a']);
    expect(out.slice(0, 2400)).toEqual([...ramp(2400)]);
    expect(out.slice(2400).every((v) => v === 0)).toBe(true);
    expect(played).toBe(2400);
    expect(q.playedOf('a')).toBe(2400);
  });

  it('holds a short burst for at most jitterMs, then plays it', () => {
    const q = new PlayoutQueue(RATE, 60); // 1440 samples = 11.25 quanta: held 12 quanta at most
    q.enqueue('a', ramp(480));
    const first = renderN(q, 12);
    expect(first.played).toBe(0);
    const second = renderN(q, 2);
    expect(second.played).toBe(256);
    expect(second.out.slice(0, 256)).toEqual([...ramp(256)]);
  });

  it('counts only what was rendered, per item, and flush reports it and drops the rest', () => {
    const q = new PlayoutQueue(RATE, 60);
    q.enqueue('a', ramp(1500));
    q.enqueue('b', ramp(2000, 5000));
    renderN(q, 14); // 1792 samples: all of a, 292 of b
    expect(q.playedOf('a')).toBe(1500);
    expect(q.playedOf('b')).toBe(292);
    expect(q.flush()).toEqual([
      { itemId: 'a', playedSamples: 1500 },
      { itemId: 'b', playedSamples: 292 },
    ]);
    expect(q.queuedSamples).toBe(0);
    const after = renderN(q, 5);
    expect(after.played).toBe(0);
    expect(after.out.every((v) => v === 0)).toBe(true);
  });

  it('re-primes after an underrun instead of stuttering', () => {
    const q = new PlayoutQueue(RATE, 60);
    q.enqueue('a', ramp(1440));
    const r1 = renderN(q, 12); // runs dry in the 12th quantum
    expect(r1.played).toBe(1440);
    expect(q.isPlaying).toBe(false);
    q.enqueue('a', ramp(200, 3000)); // less than the jitter threshold: waits
    expect(renderN(q, 1).played).toBe(0);
  });

  it('reports progress only for items that changed', () => {
    const q = new PlayoutQueue(RATE, 0);
    q.enqueue('a', ramp(300));
    renderN(q, 1);
    expect(q.takeProgress()).toEqual([{ itemId: 'a', samples: 128 }]);
    expect(q.takeProgress()).toEqual([]);
  });
});
