import { describe, expect, it } from 'vitest';
import { align } from '../e2e/renderer/support/waveform';

// The e2e specs trust this helper to tell speech from non-speech, so it gets its own test.
function noiseBurst(n: number, seed: number): Float32Array {
  // mulberry32: integer maths only, so different seeds really give unrelated noise.
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return new Float32Array(n).map((_, i) => (next() * 2 - 1) * Math.sin((Math.PI * i) / n));
}

describe('align (waveform comparison for e2e specs)', () => {
  it('finds a delayed, scaled copy with correlation ≈ 1 and full coverage', () => {
    const ref = noiseBurst(4000, 7);
    const received = new Float32Array(12_000);
    received.set(ref.map((v) => v * 0.3), 3217);
    const a = align(received, ref, 0, received.length - ref.length);
    expect(a.lag).toBe(3217);
    expect(a.ncc).toBeGreaterThan(0.999);
    expect(a.coverage).toBeGreaterThan(0.999);
  });

  it('reports low correlation for a different signal and partial coverage for a clipped start', () => {
    const ref = noiseBurst(4000, 7);
    const other = new Float32Array(12_000);
    other.set(noiseBurst(4000, 99), 3000);
    expect(align(other, ref, 0, 8000).ncc).toBeLessThan(0.2);
    const clipped = new Float32Array(6000);
    clipped.set(ref.subarray(1500));
    const a = align(clipped, ref, -2000, 2000);
    expect(a.lag).toBe(-1500);
    expect(a.coverage).toBeLessThan(0.9);
  });
});

describe('segmentedMatch', () => {
  it('tolerates one inserted 10 ms block but not a different signal', async () => {
    const { segmentedMatch } = await import('../e2e/renderer/support/waveform');
    const burst = noiseBurst(48_000, 3); // 2 s: ten 200 ms segments
    const ref = burst.map((v, i) => v + 0.2 * Math.sin(i / 5));
    const glitched = new Float32Array(56_000);
    glitched.set(ref.subarray(0, 24_100), 1000);
    glitched.set(ref.subarray(24_100), 1000 + 24_100 + 240); // 240 samples of silence inserted
    const m = segmentedMatch(glitched, ref, 0, 6000);
    expect(m.discontinuities).toBe(1);
    expect(m.matched).toBeGreaterThan(0.85);
    expect(m.whole.coverage).toBeGreaterThan(0.99);
    const other = new Float32Array(56_000);
    other.set(noiseBurst(48_000, 11), 1000);
    expect(segmentedMatch(other, ref, 0, 6000).matched).toBeLessThan(0.2);
  });
});
