/**
 * Warm-mic pre-roll: the user starts speaking a moment before the talk key goes down. The first
 * syllable must still reach the simulator, because the renderer sends its pre-roll ring first.
 */
import { test, expect } from './support/fixture';
import { makeSpeechWav, FIXTURE_RATE } from './support/speech';
import { align, resample } from './support/waveform';
import { diagnostics, liveSession, ofType, openApp, waitMicOpen, waitReady } from './support/page-helpers';

const speech = makeSpeechWav('Seven bright orange kites flew over the harbour.', { leadMs: 1000, trailMs: 300 });
test.use({ micWav: speech.path });

test('speech that starts before the key goes down is in what the simulator receives', async ({ page, host, sim }) => {
  await openApp(page, host.url);
  await waitReady(page);
  await waitMicOpen(page);
  await page.evaluate(() => {
    const w = window as unknown as { __pressAt?: number };
    window.addEventListener('pointerdown', () => (w.__pressAt ??= Date.now()), true);
  });
  // Wait until the meter shows speech, then press: the key goes down after the first syllable began.
  await page.waitForFunction(() => Number((document.querySelector('[data-testid="mic-level"]') as HTMLMeterElement | null)?.value) > 0.45, null, { polling: 5, timeout: 10_000 });
  const box = (await page.getByTestId('talk-button').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(speech.speechEndMs - speech.speechStartMs + 200);
  await page.mouse.up();

  const session = await liveSession(sim);
  await expect.poll(() => session.commits.length, { timeout: 10_000 }).toBe(1);
  const committed = toFloat(session.commits[0]!.audio);
  const source = resample(speech.samples, FIXTURE_RATE, 24_000);
  const onsetAt24k = Math.round((speech.speechStartMs * 24_000) / 1000);
  // The first 300 ms of speech, i.e. the part spoken before (and just after) the press.
  const onset = source.subarray(onsetAt24k, onsetAt24k + 7200);
  const a = align(committed, onset, 0, committed.length - onset.length);
  expect(a.coverage).toBeGreaterThan(0.99);
  expect(a.ncc, 'the first syllable arrived intact').toBeGreaterThan(0.9);

  // And it really was spoken before the press: place the onset on the capture clock.
  const firstFrame = ofType(await diagnostics(page), 'mic-frame').find((f) => f.turnId === 1)!;
  const onsetCapturedAt = firstFrame.capturedAt + (a.lag / 24_000) * 1000;
  const pressAt = await page.evaluate(() => (window as unknown as { __pressAt: number }).__pressAt);
  expect(onsetCapturedAt, 'speech began before the key went down').toBeLessThan(pressAt);
  test.info().annotations.push({ type: 'preroll', description: `onset ${Math.round(pressAt - onsetCapturedAt)} ms before press; ncc ${a.ncc.toFixed(3)}` });
});

function toFloat(buf: Buffer): Float32Array {
  const out = new Float32Array(buf.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = buf.readInt16LE(i * 2) / 32768;
  return out;
}
