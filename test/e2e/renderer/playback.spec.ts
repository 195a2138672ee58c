/**
 * What the player outputs is the assistant's audio, sample for sample: the player's output, tapped
 * (support/player-tap.ts), is compared with the PCM the simulator sent.
 */
import { test, expect } from './support/fixture';
import { answerAudio, expectPlayed, liveSession, openApp, waitReady } from './support/page-helpers';
import { installPlayerTap, readPlayerTap } from './support/player-tap';
import { pcm16ToFloat } from './support/speech';
import { align } from './support/waveform';

test('the answer is played exactly as the simulator sent it', async ({ page, host, sim }) => {
  await installPlayerTap(page);
  await openApp(page, host.url);
  await waitReady(page);
  await page.getByTestId('text-input').fill('Say something I can listen to');
  await page.getByTestId('text-input').press('Enter');
  const session = await liveSession(sim);
  const answer = await answerAudio(session);
  await expectPlayed(page, answer.itemId, answer.samples);
  const tapped = await readPlayerTap(page);
  const reference = pcm16ToFloat(session.outputAudio.get(answer.itemId)!);
  const a = align(tapped, reference, 0, tapped.length - reference.length);
  test.info().annotations.push({ type: 'playback', description: `ncc ${a.ncc.toFixed(5)}, coverage ${a.coverage.toFixed(4)}` });
  expect(a.coverage, 'every sample was played').toBeGreaterThan(0.999);
  expect(a.ncc, 'and played unchanged, in order').toBeGreaterThan(0.999);
});
