import { describe, expect, it } from 'vitest';
import { downmix, floatToPcm16, pcm16ToFloat, pcm16View } from '../../../../src/renderer/src/audio/dsp/pcm';

describe('PCM16 conversion', () => {
  it('maps full scale exactly and clamps beyond it', () => {
    const out = new Int16Array(6);
    floatToPcm16(new Float32Array([1, -1, 0, 2, -3, NaN]), out);
    expect([...out]).toEqual([32767, -32768, 0, 32767, -32768, 0]);
  });

  it('round-trips within one LSB', () => {
    const src = new Float32Array(1000).map((_, i) => Math.sin(i / 7) * 0.8);
    const pcm = new Int16Array(src.length);
    floatToPcm16(src, pcm);
    const back = new Float32Array(src.length);
    pcm16ToFloat(pcm, back);
    for (let i = 0; i < src.length; i++) expect(Math.abs(back[i]! - src[i]!)).toBeLessThanOrEqual(1.5 / 32768);
  });

  it('writes little-endian bytes (the wire format)', () => {
    const pcm = new Int16Array([0x0102, -2]);
    expect([...new Uint8Array(pcm.buffer)]).toEqual([0x02, 0x01, 0xfe, 0xff]);
    expect([...pcm16View(new Uint8Array([0x02, 0x01, 0xfe, 0xff, 0x7]).buffer)]).toEqual([0x0102, -2]);
  });

  it('averages channels when downmixing', () => {
    const out = new Float32Array(2);
    downmix([new Float32Array([1, 0.5]), new Float32Array([0, -0.5])], out);
    expect([...out]).toEqual([0.5, 0]);
    downmix([], out);
    expect([...out]).toEqual([0, 0]);
  });
});
