import { describe, expect, it } from 'vitest';
import { Framer } from '../../../../src/renderer/src/audio/dsp/framer';
import { PcmRing } from '../../../../src/renderer/src/audio/dsp/ring-buffer';

const seq = (from: number, n: number) => new Int16Array(n).map((_, i) => from + i);

describe('PcmRing (pre-roll)', () => {
  it('keeps only the newest samples, oldest first, across wrap-around', () => {
    const ring = new PcmRing(5, 1000);
    ring.write(seq(0, 3), 0);
    ring.write(seq(3, 4), 3);
    expect([...ring.read()]).toEqual([2, 3, 4, 5, 6]);
    ring.write(seq(7, 12), 7);
    expect([...ring.read()]).toEqual([14, 15, 16, 17, 18]);
  });

  it('knows when its oldest sample was captured', () => {
    const ring = new PcmRing(4, 1000); // 1 sample = 1 ms
    ring.write(seq(0, 10), 100);
    expect(ring.firstAt).toBe(106);
  });

  it('keeps the newest samples when resized and holds nothing at capacity 0', () => {
    const ring = new PcmRing(6, 1000);
    ring.write(seq(0, 6), 0);
    ring.resize(3);
    expect([...ring.read()]).toEqual([3, 4, 5]);
    const none = new PcmRing(0, 1000);
    none.write(seq(0, 6), 0);
    expect(none.length).toBe(0);
  });
});

describe('Framer', () => {
  it('cuts exact frames, stamps each with its first sample time, and flushes the remainder', () => {
    const f = new Framer(4, 1000);
    const a = f.push(seq(0, 6), 50);
    expect(a.map((x) => [...x.pcm])).toEqual([[0, 1, 2, 3]]);
    expect(a[0]!.capturedAt).toBe(50);
    const b = f.push(seq(6, 3), 56);
    expect(b.map((x) => [...x.pcm])).toEqual([[4, 5, 6, 7]]);
    expect(b[0]!.capturedAt).toBe(54);
    const rest = f.flush();
    expect([...rest!.pcm]).toEqual([8]);
    expect(rest!.capturedAt).toBe(58);
    expect(f.flush()).toBeNull();
  });

  it('hands out frames that do not alias its buffer', () => {
    const f = new Framer(2, 1000);
    const [first] = f.push(seq(0, 2), 0);
    f.push(seq(9, 2), 2);
    expect([...first!.pcm]).toEqual([0, 1]);
  });
});
