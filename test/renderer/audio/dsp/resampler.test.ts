import { describe, expect, it } from 'vitest';
import { StreamingResampler } from '../../../../src/renderer/src/audio/dsp/resampler';

const tone = (rate: number, hz: number, n: number, amp = 0.5) =>
  new Float32Array(n).map((_, i) => amp * Math.sin((2 * Math.PI * hz * i) / rate));

/** Feeds `input` in uneven blocks, as a worklet would. */
function run(r: StreamingResampler, input: Float32Array, block = 128): Float32Array {
  const parts: Float32Array[] = [];
  for (let i = 0; i < input.length; i += block) parts.push(r.process(input.subarray(i, i + block)));
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function rms(a: Float32Array, from = 0, to = a.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]! ** 2;
  return Math.sqrt(s / (to - from));
}

describe('StreamingResampler', () => {
  for (const inRate of [48_000, 44_100, 16_000]) {
    it(`keeps a 1 kHz tone in phase and level from ${inRate} Hz to 24 kHz`, () => {
      const r = new StreamingResampler(inRate, 24_000);
      const out = run(r, tone(inRate, 1000, inRate), 128);
      // One second in, one second out, minus the look-ahead still inside the filter.
      expect(Math.abs(out.length - 24_000)).toBeLessThan(40);
      const ideal = tone(24_000, 1000, out.length);
      const err = new Float32Array(out.length).map((_, i) => out[i]! - ideal[i]!);
      // Skip the first few ms where the filter starts from silence.
      expect(rms(err, 200) / rms(ideal, 200)).toBeLessThan(0.01);
    });
  }

  it('rejects what would alias: a 15 kHz tone at 48 kHz comes out at least 30 dB down', () => {
    const r = new StreamingResampler(48_000, 24_000);
    const out = run(r, tone(48_000, 15_000, 48_000), 128);
    expect(20 * Math.log10(rms(out, 200) / (0.5 / Math.SQRT2))).toBeLessThan(-30);
  });

  it('gives the same output whatever the block sizes', () => {
    const src = tone(48_000, 440, 9_000).map((v, i) => v + 0.1 * Math.sin(i * 0.37));
    const a = run(new StreamingResampler(48_000, 24_000), src, 128);
    const b = run(new StreamingResampler(48_000, 24_000), src, 37);
    expect(b.length).toBe(a.length);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 6);
  });

  it('passes audio through untouched at equal rates', () => {
    const src = tone(24_000, 300, 500);
    expect([...new StreamingResampler(24_000, 24_000).process(src)]).toEqual([...src]);
  });
});
