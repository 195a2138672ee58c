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
 * Best alignment of `reference` inside `received` for lags in [minLag, maxLag]. The raw
 * cross-correlation is computed for every lag with an FFT (a coarse direct search can land on a
 * side lobe: speech correlation peaks are only a few samples wide), then the normalized value is
 * computed exactly at the winning lag and its neighbours.
 */
export function align(received: Float32Array, reference: Float32Array, minLag: number, maxLag: number): Alignment {
  const totalRefEnergy = energy(reference, 0, reference.length);
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
  const xc = crossCorrelate(received, reference, minLag, maxLag);
  let bestLag = minLag;
  for (let lag = minLag; lag <= maxLag; lag++) if (xc(lag) > xc(bestLag)) bestLag = lag;
  let best = evalAt(bestLag);
  for (let lag = bestLag - 2; lag <= bestLag + 2; lag++) {
    const a = evalAt(lag);
    if (a.ncc > best.ncc) best = a;
  }
  return best;
}

/** Σ reference[i]·received[i+lag] for every lag in range, via one complex FFT. */
function crossCorrelate(received: Float32Array, reference: Float32Array, minLag: number, maxLag: number): (lag: number) => number {
  let n = 1;
  while (n < received.length + reference.length) n <<= 1;
  const ar = new Float64Array(n);
  const ai = new Float64Array(n);
  const br = new Float64Array(n);
  const bi = new Float64Array(n);
  ar.set(received);
  br.set(reference);
  fft(ar, ai, false);
  fft(br, bi, false);
  for (let k = 0; k < n; k++) {
    // received · conj(reference)
    const re = ar[k]! * br[k]! + ai[k]! * bi[k]!;
    const im = ai[k]! * br[k]! - ar[k]! * bi[k]!;
    ar[k] = re;
    ai[k] = im;
  }
  fft(ar, ai, true);
  return (lag) => (lag < minLag || lag > maxLag ? -Infinity : ar[(lag + n) % n]! / n);
}

/** In-place iterative radix-2 FFT (n a power of two); `inverse` omits the 1/n scale. */
function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = ((inverse ? 2 : -2) * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const tr = re[b]! * cr - im[b]! * ci;
        const ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
        const ncr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = ncr;
      }
    }
  }
}

function energy(a: Float32Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]! * a[i]!;
  return s;
}

export interface SegmentedMatch {
  /** Alignment of the whole reference (its coverage says whether everything was received). */
  whole: Alignment;
  /** Per speech segment: normalized correlation at its own best lag near the whole one. */
  segments: Array<{ at: number; lag: number; ncc: number }>;
  /** Share of speech segments with ncc > 0.9. */
  matched: number;
  medianNcc: number;
  /** Lag changes between consecutive segments: each is a capture glitch (a dropped or inserted block). */
  discontinuities: number;
}

/**
 * Compares in segments of `segMs`, each aligned on its own within ±`slackMs` of the whole-reference
 * lag. A real-time capture path on a loaded machine can drop or insert a 10 ms block now and then
 * (Chromium's fake device and the MediaStream→Web Audio FIFO do under CPU starvation); one such
 * slip shifts everything after it and would sink a single whole-signal correlation, while each
 * segment still matches. Near-silent segments (under 5 % of the mean segment energy) are skipped.
 */
export function segmentedMatch(received: Float32Array, reference: Float32Array, minLag: number, maxLag: number, rate = 24_000, segMs = 200, slackMs = 40): SegmentedMatch {
  const whole = align(received, reference, minLag, maxLag);
  const seg = Math.round((segMs * rate) / 1000);
  const slack = Math.round((slackMs * rate) / 1000);
  const energies: number[] = [];
  for (let s = 0; s + seg <= reference.length; s += seg) energies.push(energyOf(reference.subarray(s, s + seg)));
  const mean = energies.reduce((a, b) => a + b, 0) / Math.max(1, energies.length);
  const segments: SegmentedMatch['segments'] = [];
  energies.forEach((e, i) => {
    if (e < mean * 0.05) return;
    const part = reference.subarray(i * seg, (i + 1) * seg);
    const base = whole.lag + i * seg;
    const a = alignNormalized(received, part, Math.max(0, base - slack), Math.min(received.length - seg, base + slack));
    segments.push({ at: i * seg, lag: a.lag - i * seg, ncc: a.ncc });
  });
  const nccs = segments.map((s) => s.ncc).sort((a, b) => a - b);
  let discontinuities = 0;
  for (let i = 1; i < segments.length; i++) if (Math.abs(segments[i]!.lag - segments[i - 1]!.lag) > 2) discontinuities++;
  return {
    whole,
    segments,
    matched: segments.filter((s) => s.ncc > 0.9).length / Math.max(1, segments.length),
    medianNcc: nccs[Math.floor(nccs.length / 2)] ?? 0,
    discontinuities,
  };
}

/**
 * Exhaustive search maximising the normalized correlation itself. For a short segment the raw
 * correlation's peak can sit where the received signal is merely louder; the window is small, so
 * the direct search is cheap.
 */
function alignNormalized(received: Float32Array, part: Float32Array, lo: number, hi: number): { lag: number; ncc: number } {
  const xx = energyOf(part);
  let best = { lag: lo, ncc: -2 };
  for (let lag = lo; lag <= hi; lag++) {
    let xy = 0;
    let yy = 0;
    for (let i = 0; i < part.length; i++) {
      const y = received[lag + i]!;
      xy += part[i]! * y;
      yy += y * y;
    }
    const ncc = xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : 0;
    if (ncc > best.ncc) best = { lag, ncc };
  }
  return best;
}

function energyOf(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return s;
}

/** Index of the first 10 ms block from `from` louder than -30 dBFS (a voice; the echo canceller's residue is far below), or -1. */
export function firstLoud(x: Float32Array, rate: number, from: number): number {
  const block = Math.round(rate / 100);
  for (let i = from; i + block <= x.length; i += block) {
    let e = 0;
    for (let j = i; j < i + block; j++) e += x[j]! * x[j]!;
    if (e / block > 0.001) return i;
  }
  return -1;
}

export interface HeardThrough {
  /** Samples of `sent` that came out of the player, up to the last one heard. */
  heard: number;
  /** Index in `output` just after that last heard sample. */
  outputEnd: number;
  /**
   * First loud sample of `sent` after `heard` (its length if none): between the two the answer is
   * quiet (a pause between words), so a stop anywhere in there sounds the same to the listener.
   */
  nextLoud: number;
  /** Times a 20 ms block of the output was found elsewhere than right after the previous one. */
  slips: number;
}

/**
 * How far into `sent` the player's output got, checked sample by sample (PCM16 → float is exact, so
 * a played sample equals a sent one to within rounding). The output is walked in 20 ms blocks,
 * quiet blocks skipped (an underrun's silence); a loud block that is not where it was expected is
 * searched for nearby in `sent` (back 20 ms, ahead up to 1 s), so a shifted block realigns the
 * count instead of ending it. A block found nowhere (the flush's fade) is skipped. "Heard" ends at
 * the last loud sample matched: after it, quiet answer and silence sound the same.
 */
export function heardThrough(output: Float32Array, sent: Float32Array, startLag: number): HeardThrough {
  const block = 480;
  const matchesAt = (o: number, s: number): number => {
    // Index after the last loud sample matched, or -1 if any sample differs.
    let last = 0;
    for (let i = 0; i < block; i++) {
      const x = sent[s + i];
      if (x === undefined || Math.abs(output[o + i]! - x) >= 0.002) return -1;
      if (Math.abs(x) > 0.01) last = i + 1;
    }
    return last;
  };
  let heard = 0;
  let outputEnd = startLag;
  let slips = 0;
  let expected = 0;
  for (let o = startLag; o + block <= output.length; o += block) {
    let loud = false;
    for (let i = o; i < o + block && !loud; i++) loud = Math.abs(output[i]!) > 0.01;
    if (!loud) continue;
    let found = -1;
    let last = matchesAt(o, expected);
    if (last >= 0) found = expected;
    for (let s = Math.max(0, expected - block); found < 0 && s < Math.min(sent.length, expected + 24_000); s++) {
      last = matchesAt(o, s);
      if (last >= 0) found = s;
    }
    if (found < 0) continue;
    if (found !== expected) slips++;
    if (last > 0 && found + last > heard) {
      heard = found + last;
      outputEnd = o + last;
    }
    expected = found + block;
  }
  // Into the block that did not match as a whole (the flush's fade starts in it), sample by sample.
  for (let o = outputEnd, s = heard; o < output.length && s < sent.length && Math.abs(output[o]! - sent[s]!) < 0.002; o++, s++) {
    if (Math.abs(sent[s]!) > 0.01) [heard, outputEnd] = [s + 1, o + 1];
  }
  let nextLoud = heard;
  while (nextLoud < sent.length && Math.abs(sent[nextLoud]!) <= 0.01) nextLoud++;
  return { heard, outputEnd, nextLoud, slips };
}

/**
 * Where the answer `sent` begins in the player's `output`: 400 ms from its first loud sample,
 * aligned. A short window, because a player underrun (a CI machine starving the audio thread)
 * inside a longer one would lower the correlation of an exact copy; heardThrough follows later shifts.
 */
export function answerStart(output: Float32Array, sent: Float32Array): Alignment {
  let s0 = 0;
  while (s0 < sent.length && Math.abs(sent[s0]!) <= 0.05) s0++;
  const a = align(output, sent.subarray(s0, s0 + 9600), 0, output.length - 9600);
  return { ...a, lag: a.lag - s0 };
}
