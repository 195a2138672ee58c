/**
 * Hands-free: the mic streams continuously (no key) and the service's voice detection ends the
 * turn. The renderer must start streaming as soon as main arms hands-free mode, and the speech in
 * the stream must be the recording.
 */
import { test, expect } from './support/fixture';
import { makeSpeechWav } from './support/speech';
import { expectSpeechMatches } from './support/speech-match';
import { readMicTap } from './support/mic-tap';
import { liveSession, openApp, waitMicOpen, waitReady } from './support/page-helpers';

const speech = makeSpeechWav('Open the calendar for next week please.', { leadMs: 1500, trailMs: 1500 });
test.use({ micWav: speech.path, micTap: true, hostOptions: { settings: { onboardingDone: true, mode: 'hands-free' } } });

test('hands-free streams the mic and voice detection takes the turn', async ({ page, host, sim }) => {
  await openApp(page, host.url);
  await waitReady(page);
  await expect(page.getByTestId('handsfree-hint')).toBeVisible();
  await expect(page.getByTestId('talk-button')).toHaveCount(0);
  await waitMicOpen(page);
  const session = await liveSession(sim);
  // Frames flow without any key press…
  await expect.poll(() => session.appends.length, { timeout: 10_000 }).toBeGreaterThan(10);
  // …and the simulator's VAD finds the utterance and answers it.
  await expect.poll(() => session.commits.filter((c) => c.source === 'vad').length, { timeout: 15_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('msg-assistant')).toBeVisible({ timeout: 15_000 });
  // The item the voice detector committed is the recording: whole, and sample for sample what the mic gave.
  const vadCommit = session.commits.find((c) => c.source === 'vad')!;
  expectSpeechMatches(vadCommit.audio, speech, await readMicTap(page));
  // The stream is continuous 24 kHz PCM: after the first append, it keeps pace with the wall clock.
  const first = session.appends[0]!;
  await page.waitForTimeout(1000);
  const last = session.appends.at(-1)!;
  const streamedMs = ((last.offset + last.bytes - first.offset) / 48_000) * 1000;
  expect(Math.abs(streamedMs - (last.wall - first.wall))).toBeLessThan(150);

  // Switching back to push-to-talk stops the stream.
  await page.getByTestId('mode-push-to-talk').click();
  await expect(page.getByTestId('talk-button')).toBeVisible();
  await page.waitForTimeout(300);
  const settled = session.appends.length;
  await page.waitForTimeout(500);
  expect(session.appends.length).toBe(settled);
});
