import { describe, expect, it } from 'vitest';
import { align } from '../e2e/renderer/support/waveform';

// The e2e specs trust this helper to tell speech from non-speech, so it gets its own test.
function noiseBurst(n: number, seed: number): Float32Array {
  let x = seed;
  return new Float32Array(n).map((_, i) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return ((x / 2147483648) * 2 - 1) * Math.sin((Math.PI * i) / n);
  });
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
    const burst = noiseBurst(24_000, 3);
    const ref = burst.map((v, i) => v + 0.2 * Math.sin(i / 5));
    const glitched = new Float32Array(30_000);
    glitched.set(ref.subarray(0, 12_000), 1000);
    glitched.set(ref.subarray(12_000), 1000 + 12_000 + 240); // 240 samples of silence inserted
    const m = segmentedMatch(glitched, ref, 0, 6000);
    expect(m.discontinuities).toBe(1);
    expect(m.matched).toBeGreaterThan(0.85);
    expect(m.whole.coverage).toBeGreaterThan(0.99);
    const other = new Float32Array(30_000);
    other.set(noiseBurst(24_000, 11), 1000);
    expect(segmentedMatch(other, ref, 0, 6000).matched).toBeLessThan(0.2);
  });
});
