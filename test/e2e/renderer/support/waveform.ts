/**
 * Does the audio that reached the simulator sound like the file the fake microphone played?
 * We resample the source to 24 kHz with the renderer's own tested resampler, find the lag that
 * best aligns it with what was received (the capture pipeline adds an unknown delay), and report
 * the normalized cross-correlation at that lag over the source segment. Identical waveforms
 * (up to gain) give 1; Chromium's fake beep or silence against speech gives ≈ 0.
 */
import { StreamingResampler } from '../../../../src/renderer/src/audio/dsp/resampler';

export function resample(samples: Float32Array, from: number, to: number): Float32Array {
  const r = new StreamingResampler(from, to);
  const head = r.process(samples);
  // Push the filter's look-ahead out so the tail is not lost.
  const tail = r.process(new Float32Array(64));
  const out = new Float32Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out.subarray(0, Math.round((samples.length * to) / from));
}

export interface Alignment {
  /** Offset in `received` where `reference[0]` lines up. May be negative (reference starts earlier). */
  lag: number;
  /** Normalized cross-correlation over the overlapping part, in [-1, 1]. */
  ncc: number;
  /** How much of the reference's energy lies inside the overlap (1 = all of it was received). */
  coverage: number;
}

/**
 * Best alignment of `reference` inside `received`, searching lags in [minLag, maxLag]. A coarse
 * pass on 4× decimated envelopes would be faster; a direct search over a few seconds at 24 kHz is
 * fast enough for tests when the window is bounded.
 */
export function align(received: Float32Array, reference: Float32Array, minLag: number, maxLag: number): Alignment {
  const totalRefEnergy = energy(reference, 0, reference.length);
  let best: Alignment = { lag: 0, ncc: -2, coverage: 0 };
  // Coarse search every 4 samples, then refine around the best.
  const evalAt = (lag: number): Alignment => {
    const r0 = Math.max(0, -lag);
    const r1 = Math.min(reference.length, received.length - lag);
    if (r1 - r0 < 100) return { lag, ncc: -2, coverage: 0 };
    let xy = 0;
    let xx = 0;
    let yy = 0;
    for (let i = r0; i < r1; i++) {
      const x = reference[i]!;
      const y = received[i + lag]!;
      xy += x * y;
      xx += x * x;
      yy += y * y;
    }
    const ncc = xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : 0;
    return { lag, ncc, coverage: totalRefEnergy > 0 ? xx / totalRefEnergy : 0 };
  };
  for (let lag = minLag; lag <= maxLag; lag += 4) {
    const a = evalAt(lag);
    if (a.ncc > best.ncc) best = a;
  }
  for (let lag = best.lag - 4; lag <= best.lag + 4; lag++) {
    const a = evalAt(lag);
    if (a.ncc > best.ncc) best = a;
  }
  return best;
}

function energy(a: Float32Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]! * a[i]!;
  return s;
}
