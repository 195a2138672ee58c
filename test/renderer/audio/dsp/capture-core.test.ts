import { describe, expect, it } from 'vitest';
import { CaptureCore, type CaptureOutput } from '../../../../src/renderer/src/audio/dsp/capture-core';

// 1 kHz "sample rate" so that 1 sample = 1 ms and the numbers read directly.
const RATE = 1000;
const seq = (from: number, n: number) => new Int16Array(n).map((_, i) => from + i);
const samples = (outs: CaptureOutput[]) => outs.flatMap((o) => (o.type === 'frame' ? [...o.pcm] : []));
const ends = (outs: CaptureOutput[]) => outs.filter((o) => o.type === 'end');

/** Feeds a counting stream in 8-sample blocks from sample `from` (captured at t = sample index). */
function feed(core: CaptureCore, from: number, n: number): CaptureOutput[] {
  const out: CaptureOutput[] = [];
  for (let i = from; i < from + n; i += 8) out.push(...core.push(seq(i, Math.min(8, from + n - i)), i));
  return out;
}

describe('CaptureCore (push-to-talk)', () => {
  it('sends the pre-roll first, then live audio, the tail, the partial frame, then end', () => {
    const core = new CaptureCore({ frameMs: 10, prerollMs: 30, tailMs: 15 }, RATE);
    core.setArmed(true);
    expect(feed(core, 0, 100)).toEqual([]); // idle: nothing leaves, the ring keeps the last 30
    const out = core.start(1);
    out.push(...feed(core, 100, 48));
    out.push(...core.stop(1));
    out.push(...feed(core, 148, 40));
    // Samples 70..99 (pre-roll), 100..147 (held), 148..162 (15 ms tail): contiguous, none lost.
    expect(samples(out)).toEqual([...seq(70, 93)]);
    const frames = out.filter((o) => o.type === 'frame');
    expect(frames.every((f, i) => f.type === 'frame' && f.capturedAt === 70 + i * 10)).toBe(true);
    expect(frames.at(-1)!.type === 'frame' && frames.at(-1)!.pcm.length).toBe(3);
    expect(ends(out)).toEqual([{ type: 'end', turnId: 1, tailEndAt: 163 }]);
    expect(out.at(-1)!.type).toBe('end');
  });

  it('after the tail, audio goes back to the ring without repeating what was sent', () => {
    const core = new CaptureCore({ frameMs: 10, prerollMs: 30, tailMs: 5 }, RATE);
    core.setArmed(true);
    feed(core, 0, 40);
    core.start(1);
    feed(core, 40, 20);
    core.stop(1);
    feed(core, 60, 16); // 5 tail samples (60..64), then 65..75 go to the ring
    const next = core.start(2);
    expect(samples(next)).toEqual([...seq(65, 10)]); // whole frames now; 75 waits in the framer
    expect(next.every((o) => o.type === 'frame' && o.turnId === 2)).toBe(true);
  });

  it('with tailMs 0, stop ends the turn at once and flushes the partial frame', () => {
    const core = new CaptureCore({ frameMs: 10, prerollMs: 0, tailMs: 0 }, RATE);
    core.start(3);
    feed(core, 0, 14);
    const out = core.stop(3);
    expect(samples(out)).toEqual([10, 11, 12, 13]);
    expect(ends(out)).toEqual([{ type: 'end', turnId: 3, tailEndAt: 14 }]);
    expect(core.phase).toBe('idle');
  });

  it('keeps no pre-roll unless armed', () => {
    const core = new CaptureCore({ frameMs: 10, prerollMs: 30, tailMs: 0 }, RATE);
    feed(core, 0, 50);
    expect(core.start(1)).toEqual([]);
    core.setArmed(true);
    core.stop(1);
    feed(core, 50, 20);
    core.setArmed(false);
    expect(core.start(2)).toEqual([]);
  });

  it('a new turn during the previous tail ends the previous one first', () => {
    const core = new CaptureCore({ frameMs: 10, prerollMs: 0, tailMs: 50 }, RATE);
    core.start(1);
    feed(core, 0, 12);
    core.stop(1);
    feed(core, 12, 4);
    const out = core.start(2);
    expect(samples(out)).toEqual([...seq(10, 6)]);
    expect(ends(out)).toEqual([{ type: 'end', turnId: 1, tailEndAt: 16 }]);
    expect(core.turnId).toBe(2);
  });

  it('pressing again during its own tail just keeps streaming', () => {
    const core = new CaptureCore({ frameMs: 10, prerollMs: 0, tailMs: 50 }, RATE);
    core.start(1);
    core.stop(1);
    expect(core.start(1)).toEqual([]);
    expect(core.phase).toBe('streaming');
    expect(ends(feed(core, 0, 100))).toEqual([]);
  });

  it('ignores a stop for another turn', () => {
    const core = new CaptureCore({ frameMs: 10, prerollMs: 0, tailMs: 0 }, RATE);
    core.start(1);
    expect(core.stop(2)).toEqual([]);
    expect(core.phase).toBe('streaming');
  });

  it('changing the frame size mid-turn sends the partial frame and loses nothing', () => {
    const core = new CaptureCore({ frameMs: 20, prerollMs: 0, tailMs: 0 }, RATE);
    const out = core.start(1);
    out.push(...feed(core, 0, 50)); // two 20 ms frames, 10 samples waiting
    out.push(...core.configure({ frameMs: 100, prerollMs: 0, tailMs: 0 }));
    out.push(...feed(core, 50, 250)); // two 100 ms frames, 50 waiting
    out.push(...core.stop(1));
    expect(samples(out)).toEqual([...seq(0, 300)]);
    const sizes = out.flatMap((o) => (o.type === 'frame' ? [o.pcm.length] : []));
    expect(sizes).toEqual([20, 20, 10, 100, 100, 50]);
    expect(out.filter((o) => o.type === 'frame').every((f) => f.type === 'frame' && f.capturedAt === f.pcm[0])).toBe(true);
  });

  it('resizing the pre-roll keeps its newest audio', () => {
    const core = new CaptureCore({ frameMs: 10, prerollMs: 40, tailMs: 0 }, RATE);
    core.setArmed(true);
    feed(core, 0, 64);
    core.configure({ frameMs: 10, prerollMs: 20, tailMs: 0 });
    feed(core, 64, 8); // 44..63 kept by the resize, then 8 more: the newest 20 are 52..71
    expect(samples(core.start(1))).toEqual([...seq(52, 20)]);
  });
});
