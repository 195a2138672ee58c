/**
 * Dictation through the real renderer's capture: the user starts speaking 200 ms (or more) before
 * the dictation key goes down. The warm-mic ring (the same pre-roll as push-to-talk) must carry
 * that onset to the simulator, on dictation's own connection, whose transcript is inserted once
 * and which never asks for a response.
 */
import { test, expect } from './support/fixture';
import { makeSpeechWav, FIXTURE_RATE } from './support/speech';
import { align, resample } from './support/waveform';
import { clientEvents, diagnostics, ofType, openApp, waitMicOpen, waitReady } from './support/page-helpers';

const speech = makeSpeechWav('Seven bright orange kites flew over the harbour.', { leadMs: 1000, trailMs: 300 });
// A longer ring than the default 300 ms only so the press can follow the onset by ≥ 200 ms despite
// the page's meter polling; the mechanism is the one push-to-talk uses.
test.use({
  micWav: speech.path,
  simQuery: 'sim_transcript=Seven+bright+orange+kites.',
  hostOptions: { settings: { onboardingDone: true, audio: { prerollMs: 600 } } },
});

test('speech begun before the dictation key reaches the simulator; the transcript is inserted once', async ({ page, host, sim }) => {
  await openApp(page, host.url);
  await waitReady(page);
  await waitMicOpen(page);
  await host.dictation.warm();
  // Press 200+ ms after the meter first shows the speech.
  await page.waitForFunction(() => Number((document.querySelector('[data-testid="mic-level"]') as HTMLMeterElement | null)?.value) > 0.02, null, { polling: 5, timeout: 10_000 });
  await page.waitForTimeout(220);
  const pressAt = Date.now();
  host.dictation.start('hotkey');
  await page.waitForTimeout(speech.speechEndMs - speech.speechStartMs);
  host.dictation.stop('hotkey');

  const dictationSession = () => sim.sessions.find((s) => (s.sessionConfig as { instructions?: string } | null)?.instructions?.includes('dictation engine'));
  await expect.poll(() => dictationSession()?.commits.length ?? 0, { timeout: 10_000 }).toBe(1);
  const session = dictationSession()!;
  const committed = toFloat(session.commits[0]!.audio);
  const source = resample(speech.samples, FIXTURE_RATE, 24_000);
  const onsetAt24k = Math.round((speech.speechStartMs * 24_000) / 1000);
  const onset = source.subarray(onsetAt24k, onsetAt24k + 7200); // the first 300 ms of speech
  const a = align(committed, onset, 0, committed.length - onset.length);
  expect(a.coverage).toBeGreaterThan(0.99);
  expect(a.ncc, 'the first syllable arrived intact').toBeGreaterThan(0.9);

  const firstFrame = ofType(await diagnostics(page), 'mic-frame').find((f) => f.turnId >= 1_000_000_000 && f.turnId < 1_500_000_000)!;
  const onsetCapturedAt = firstFrame.capturedAt + (a.lag / 24_000) * 1000;
  expect(pressAt - onsetCapturedAt, 'speech began ≥ 200 ms before the key went down').toBeGreaterThanOrEqual(200);

  await expect.poll(() => host.dictationInserter!.inserted.map((i) => i.text), { timeout: 10_000 }).toEqual(['Seven bright orange kites.']);
  expect(clientEvents(session, 'response.create')).toEqual([]);
  // Its own connection: the assistant's session never got this audio.
  const assistant = sim.sessions.find((s) => s !== session)!;
  expect(assistant.commits).toEqual([]);
  test.info().annotations.push({ type: 'preroll', description: `onset ${Math.round(pressAt - onsetCapturedAt)} ms before press; ncc ${a.ncc.toFixed(3)}` });
});

function toFloat(buf: Buffer): Float32Array {
  const out = new Float32Array(buf.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = buf.readInt16LE(i * 2) / 32768;
  return out;
}
