import { describe, expect, it } from 'vitest';
import { CaptureClock } from '../../../../src/renderer/src/audio/dsp/capture-clock';

const RATE = 24_000;
const Q = 128;
const qMs = (Q / RATE) * 1000;

describe('CaptureClock', () => {
  it('stamps blocks by sample count, ignoring a stall and the catch-up burst after it', () => {
    const clock = new CaptureClock(RATE);
    const stamps: number[] = [];
    let now = 1000;
    for (let i = 0; i < 100; i++) {
      now += qMs;
      // Blocks 50–59 are delivered late, all at once (the audio thread stalled for 50 ms).
      const delivered = i >= 50 && i < 60 ? 1000 + 60 * qMs + 0.1 * (i - 50) : now;
      stamps.push(clock.stamp(Q, delivered));
    }
    // Within the drift allowance (0.1 % of the time elapsed between deliveries), blocks stay evenly spaced.
    for (let i = 1; i < stamps.length; i++) expect(Math.abs(stamps[i]! - stamps[i - 1]! - qMs)).toBeLessThan(0.1);
    expect(stamps[0]).toBeCloseTo(1000, 6);
  });

  it('follows a device clock that is slower than the wall clock, within the drift allowance', () => {
    const clock = new CaptureClock(RATE);
    let now = 0;
    let last = 0;
    // 500 ppm slow device: each block arrives a little later than its nominal length.
    for (let i = 0; i < 24_000 * 60 / Q; i++) {
      now += qMs * 1.0005;
      last = clock.stamp(Q, now) + qMs; // end of this block by our clock
    }
    expect(Math.abs(now - last)).toBeLessThan(2);
  });
});

describe('CaptureClock after lost input', () => {
  it('re-anchors within a window or two when samples were dropped, instead of stamping everything early', () => {
    const clock = new CaptureClock(RATE);
    let now = 0;
    for (let i = 0; i < 200; i++) clock.stamp(Q, (now += qMs));
    // 100 ms of input is lost: the next block arrives 100 ms later than the sample count says.
    now += 100;
    let stamp = 0;
    for (let i = 0; i < 150; i++) stamp = clock.stamp(Q, (now += qMs));
    expect(Math.abs(now - qMs - stamp)).toBeLessThan(1);
  });
});
