/**
 * The window hidden (minimised, or behind the tray) while the global hotkey is used. Headless
 * Chromium never reports a page as hidden, so an init script makes the page hidden the way
 * Chromium treats it: visibilityState 'hidden', a visibilitychange event, timers clamped to 1 s and
 * no animation frames. Capture and playback must not care: both run on the audio thread and the
 * release tail is counted in samples, not timers.
 */
import { test, expect } from './support/fixture';
import { makeSpeechWav } from './support/speech';
import { expectSpeechMatches } from './support/speech-match';
import { readMicTap } from './support/mic-tap';
import { answerAudio, expectPlayed, liveSession, openApp, waitMicOpen, waitReady } from './support/page-helpers';

const speech = makeSpeechWav('Remind me to call the dentist at noon.', { leadMs: 400, trailMs: 400 });
test.use({ micWav: speech.path, micTap: true });

test('a hotkey turn works and the answer plays while the window is hidden', async ({ page, host, sim }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __hide(): void };
    const realSetTimeout = window.setTimeout.bind(window);
    const realSetInterval = window.setInterval.bind(window);
    let hidden = false;
    const clamp = (ms: number | undefined) => (hidden ? Math.max(1000, ms ?? 0) : ms);
    window.setTimeout = ((fn: TimerHandler, ms?: number, ...a: unknown[]) => realSetTimeout(fn, clamp(ms), ...a)) as typeof setTimeout;
    window.setInterval = ((fn: TimerHandler, ms?: number, ...a: unknown[]) => realSetInterval(fn, clamp(ms), ...a)) as typeof setInterval;
    window.requestAnimationFrame = (cb) => (hidden ? 0 : realSetTimeout(() => cb(performance.now()), 16));
    w.__hide = () => {
      hidden = true;
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    };
  });
  await openApp(page, host.url);
  await waitReady(page);
  await waitMicOpen(page);
  await page.evaluate(() => (window as unknown as { __hide(): void }).__hide());
  expect(await page.evaluate(() => document.visibilityState)).toBe('hidden');

  await host.controller.pttPress('hotkey');
  await page.waitForTimeout(speech.durationMs);
  await host.controller.pttRelease('hotkey');

  const session = await liveSession(sim);
  await expect.poll(() => session.commits.length, { timeout: 10_000 }).toBe(1);
  expectSpeechMatches(session.commits[0]!.audio, speech, await readMicTap(page));

  const answer = await answerAudio(session);
  await expectPlayed(page, answer.itemId, answer.samples);
});
