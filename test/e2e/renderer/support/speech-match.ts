/**
 * The one assertion the voice specs share: the committed user audio is the fixture's speech.
 * Whole-utterance coverage proves nothing was cut; per-segment correlation proves it is the same
 * waveform (see segmentedMatch for why segments). The committed bytes are saved next to the test's
 * results for post-mortems.
 */
import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { FIXTURE_RATE, type SpeechFixture } from './speech';
import { resample, segmentedMatch, type SegmentedMatch } from './waveform';

export function expectSpeechMatches(committedBytes: Buffer, speech: SpeechFixture): SegmentedMatch {
  writeFileSync(test.info().outputPath('committed.pcm'), committedBytes);
  const committed = new Float32Array(committedBytes.length >> 1);
  for (let i = 0; i < committed.length; i++) committed[i] = committedBytes.readInt16LE(i * 2) / 32768;
  const source = resample(speech.samples, FIXTURE_RATE, 24_000);
  const from = Math.round(((speech.speechStartMs - 50) * 24_000) / 1000);
  const to = Math.round(((speech.speechEndMs + 50) * 24_000) / 1000);
  const reference = source.subarray(from, to);
  const m = segmentedMatch(committed, reference, -from, committed.length - reference.length);
  test.info().annotations.push({
    type: 'waveform',
    description: `whole ncc ${m.whole.ncc.toFixed(3)}, median segment ncc ${m.medianNcc.toFixed(3)}, ${(m.matched * 100).toFixed(0)}% of segments > 0.9, ${m.discontinuities} glitch(es)`,
  });
  expect(m.whole.coverage, 'the whole utterance was sent').toBeGreaterThan(0.99);
  expect(m.medianNcc, 'what arrived is the recorded speech').toBeGreaterThan(0.95);
  expect(m.matched, 'at least 85 % of the 200 ms speech segments match the source (ncc > 0.9)').toBeGreaterThanOrEqual(0.85);
  expect(m.discontinuities, 'at most one capture glitch').toBeLessThanOrEqual(1);
  return m;
}
