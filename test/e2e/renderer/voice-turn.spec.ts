/**
 * One push-to-talk voice turn through the real renderer, test host, realtime core and simulator,
 * with the fake microphone playing an espeak-ng recording. What the simulator received must be the
 * recorded waveform (not just "some sound"), committed right after the last frame, and the answer
 * must be shown and played sample for sample.
 */
import { test, expect } from './support/fixture';
import { makeSpeechWav } from './support/speech';
import { expectSpeechMatches } from './support/speech-match';
import { readMicTap } from './support/mic-tap';
import { answerAudio, expectPlayed, clientEvents, diagnostics, holdTalk, liveSession, ofType, openApp, waitMicOpen, waitReady } from './support/page-helpers';

const speech = makeSpeechWav('Please tell me the weather in Paris tomorrow.', { leadMs: 500, trailMs: 500 });
test.use({ micWav: speech.path, micTap: true });

test('a spoken turn reaches the simulator intact, is answered, and the answer is played', async ({ page, host, sim, pageErrors }) => {
  await openApp(page, host.url);
  await waitReady(page);
  await waitMicOpen(page);
  await holdTalk(page, speech.durationMs);
  const session = await liveSession(sim);
  await expect.poll(() => session.commits.length, { timeout: 10_000 }).toBe(1);

  // 1. The waveform: the whole utterance arrived, and it is the recorded speech.
  expectSpeechMatches(session.commits[0]!.audio, speech, await readMicTap(page));

  // The product asks for echo cancellation, noise suppression and AGC (the fixture strips them, see rawMic).
  const asked = await page.evaluate(() => (window as unknown as { __gumCalls: MediaStreamConstraints[] }).__gumCalls[0]?.audio);
  expect(asked).toMatchObject({ echoCancellation: true, noiseSuppression: true, autoGainControl: true });

  // 2. Every frame the renderer sent for the turn is in the commit, and the commit came after the last one.
  const diag = await diagnostics(page);
  const frames = ofType(diag, 'mic-frame').filter((f) => f.turnId === 1);
  const sentBytes = frames.reduce((n, f) => n + f.samples * 2, 0);
  expect(session.commits[0]!.audio.length).toBe(sentBytes);
  const lastFrame = frames.at(-1)!;
  expect(lastFrame.samples, 'the final partial frame was flushed').toBeLessThanOrEqual(960);
  const commit = clientEvents(session, 'input_audio_buffer.commit')[0]!;
  expect(commit.wall).toBeGreaterThanOrEqual(session.appends.at(-1)!.wall);
  const end = ofType(diag, 'mic-end').find((e) => e.turnId === 1)!;
  expect(end.tailEndAt).toBeGreaterThanOrEqual(lastFrame.capturedAt);

  // 3. Transcript and answer on screen.
  await expect(page.getByTestId('msg-user')).toContainText('What time is it?');
  await expect(page.getByTestId('msg-assistant')).toContainText('You said');
  await expect(page.getByTestId('turn-metrics')).toContainText('ms to first audio');

  // 4. The answer was played: every delta sample went out of the player, no more, no less.
  const answer = await answerAudio(session);
  await expectPlayed(page, answer.itemId, answer.samples);
  await page.screenshot({ path: 'test/artifacts/screenshots/conversation.png' });
  expect(pageErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
});
