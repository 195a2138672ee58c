import { test, expect } from './support/fixture';
import { makeSpeechWav } from './support/speech';
import { holdTalk, liveSession, openApp, waitMicOpen, waitReady, diagnostics, ofType } from './support/page-helpers';

const speech = makeSpeechWav('Please tell me the weather in Paris tomorrow.', { leadMs: 600, trailMs: 600 });
test.use({ micWav: speech.path });

test('explore', async ({ page, host, sim, pageErrors }) => {
  await openApp(page, host.url);
  await waitReady(page);
  await waitMicOpen(page);
  await holdTalk(page, speech.durationMs + 200);
  const s = await liveSession(sim);
  await expect.poll(() => s.commits.length, { timeout: 10_000 }).toBe(1);
  console.log('commit bytes', s.commits[0]!.audio.length, 'appends', s.appends.length, s.appends.slice(0, 3));
  const d = await diagnostics(page);
  console.log(JSON.stringify(ofType(d, 'capture-rate')), ofType(d, 'mic-frame').length, JSON.stringify(ofType(d, 'mic-end')));
  await page.waitForTimeout(3000);
  console.log(JSON.stringify(ofType(await diagnostics(page), 'play-started')));
  await page.screenshot({ path: 'test/artifacts/screenshots/explore.png' });
  console.log(pageErrors);
});
