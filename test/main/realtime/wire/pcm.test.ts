import { describe, expect, it } from 'vitest';
import { SampleAligner, decodePcmDelta } from '../../../../src/main/realtime/wire/pcm';

const b64 = (bytes: number[]) => Buffer.from(bytes).toString('base64');

describe('decodePcmDelta', () => {
  it('returns whole samples in an exactly sized buffer of its own', () => {
    const a = new SampleAligner();
    const pcm = decodePcmDelta(b64([1, 2, 3, 4]), a);
    expect([...new Uint8Array(pcm)]).toEqual([1, 2, 3, 4]);
    expect(pcm.byteLength).toBe(4);
    expect(a.pending).toBe(false);
  });

  it('carries an odd byte into the next delta of the item, losing and adding nothing', () => {
    const a = new SampleAligner();
    const chunks = [[1, 2, 3], [4], [5, 6, 7, 8, 9], [10]];
    const out: number[] = [];
    for (const c of chunks) {
      const pcm = decodePcmDelta(b64(c), a);
      expect(pcm.byteLength % 2).toBe(0);
      out.push(...new Uint8Array(pcm));
    }
    expect(out).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(a.pending).toBe(false);
  });

  it('gives an empty buffer for an empty or one-byte delta', () => {
    const a = new SampleAligner();
    expect(decodePcmDelta('', a).byteLength).toBe(0);
    expect(decodePcmDelta(b64([7]), a).byteLength).toBe(0);
    expect([...new Uint8Array(decodePcmDelta(b64([8]), a))]).toEqual([7, 8]);
  });

  it('decodes a 40 ms frame byte for byte', () => {
    const frame = Buffer.alloc(1920);
    for (let i = 0; i < frame.length; i++) frame[i] = (i * 31) & 0xff;
    const pcm = decodePcmDelta(frame.toString('base64'), new SampleAligner());
    expect(Buffer.from(pcm).equals(frame)).toBe(true);
  });
});
