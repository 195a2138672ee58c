/**
 * The one assertion the voice specs share, in two halves:
 *   1. Our pipeline is lossless: the committed user audio is a contiguous, unchanged stretch of
 *      what the mic source node delivered (the test tap beside the capture worklet, see mic-tap.ts),
 *      resampled and quantised exactly as the capture worklet does.
 *   2. That audio is the fixture's speech: whole-utterance coverage proves nothing was cut;
 *      per-segment correlation proves it is the same waveform (see segmentedMatch for why segments).
 * Block slips inside Chromium's fake device (under CPU starvation) show up in 2 as glitches; they are
 * reported, not failed, because 1 proves they happened before our code. The committed bytes are
 * saved next to the test's results for post-mortems.
 */
import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { floatToPcm16 } from '../../../../src/renderer/src/audio/dsp/pcm';
import { FIXTURE_RATE, type SpeechFixture } from './speech';
import { align, resample, segmentedMatch, type SegmentedMatch } from './waveform';

const WIRE_RATE = 24_000;
const QUANTUM = 128;
/** How many render quanta apart the tap and the capture processor may start. */
const MAX_START_SKEW = 8;

function int16ToFloat(pcm: Int16Array): Float32Array {
  const out = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = pcm[i]! / 32768;
  return out;
}

/**
 * The tap's input as the capture worklet turns it into wire samples, starting `quanta` render
 * quanta later (negative: earlier, padded with silence). The two processors are created in one task
 * but the audio thread may start them a quantum or two apart; at a non-integer rate ratio
 * (44.1 → 24 kHz) that shifts the resampler's phase and no sample would match exactly.
 */
function asWire(tap: { rate: number; samples: Float32Array }, quanta: number): Int16Array {
  let input = tap.samples;
  if (quanta > 0) input = input.subarray(quanta * QUANTUM);
  if (quanta < 0) {
    input = new Float32Array(tap.samples.length - quanta * QUANTUM);
    input.set(tap.samples, -quanta * QUANTUM);
  }
  const wire = tap.rate === WIRE_RATE ? input : resample(input, tap.rate, WIRE_RATE);
  const pcm = new Int16Array(wire.length);
  floatToPcm16(wire, pcm);
  return pcm;
}

/** Share of committed samples equal (±1 LSB for float rounding) to the tap's, at the best alignment. */
function losslessShare(committedPcm: Int16Array, committed: Float32Array, tap: { rate: number; samples: Float32Array }): { share: number; ncc: number; quanta: number } {
  let best = { share: -1, ncc: 0, quanta: 0 };
  const phases = tap.rate === WIRE_RATE ? [0] : Array.from({ length: 2 * MAX_START_SKEW + 1 }, (_, i) => (i % 2 ? 1 : -1) * Math.ceil(i / 2)) // 0, 1, -1, 2, -2, …;
  for (const quanta of phases) {
    const tapPcm = asWire(tap, quanta);
    const tapWire = int16ToFloat(tapPcm);
    if (tapWire.length < committed.length) continue;
    const at = align(tapWire, committed, 0, tapWire.length - committed.length);
    let equal = 0;
    for (let i = 0; i < committedPcm.length; i++) if (Math.abs(committedPcm[i]! - (tapPcm[i + at.lag] ?? 1e9)) <= 1) equal++;
    const share = equal / Math.max(1, committedPcm.length);
    if (share > best.share) best = { share, ncc: at.ncc, quanta };
    if (share === 1) break;
  }
  return best;
}

export function expectSpeechMatches(committedBytes: Buffer, speech: SpeechFixture, tap: { rate: number; samples: Float32Array }): SegmentedMatch {
  writeFileSync(test.info().outputPath('committed.pcm'), committedBytes);
  writeFileSync(test.info().outputPath(`mic-tap-${tap.rate}.f32`), tap.samples);
  const committedPcm = new Int16Array(committedBytes.length >> 1);
  for (let i = 0; i < committedPcm.length; i++) committedPcm[i] = committedBytes.readInt16LE(i * 2);
  const committed = int16ToFloat(committedPcm);

  // 1. Source node → wire: every sample, in order, unchanged.
  const pipeline = losslessShare(committedPcm, committed, tap);
  const lossless = pipeline.share;

  // 2. What the microphone delivered, and so what was committed, is the fixture's speech.
  const source = resample(speech.samples, FIXTURE_RATE, WIRE_RATE);
  const from = Math.round(((speech.speechStartMs - 50) * WIRE_RATE) / 1000);
  const to = Math.round(((speech.speechEndMs + 50) * WIRE_RATE) / 1000);
  const reference = source.subarray(from, to);
  const m = segmentedMatch(committed, reference, -from, committed.length - reference.length);
  test.info().annotations.push({
    type: 'waveform',
    description:
      `pipeline: ${(lossless * 100).toFixed(3)}% of ${committedPcm.length} samples equal to the source node's (ncc ${pipeline.ncc.toFixed(5)}, start skew ${pipeline.quanta} quanta); ` +
      `speech: whole ncc ${m.whole.ncc.toFixed(3)}, median segment ncc ${m.medianNcc.toFixed(3)}, ${(m.matched * 100).toFixed(0)}% of segments > 0.9, ` +
      `${m.discontinuities} upstream block slip(s)`,
  });
  expect(lossless, 'the committed audio is, sample for sample, what the mic source node delivered').toBeGreaterThanOrEqual(0.999);
  expect(m.whole.coverage, 'the whole utterance was sent').toBeGreaterThan(0.99);
  expect(m.medianNcc, 'what arrived is the recorded speech').toBeGreaterThan(0.95);
  expect(m.matched, 'at least 85 % of the 200 ms speech segments match the source (ncc > 0.9)').toBeGreaterThanOrEqual(0.85);
  return m;
}

