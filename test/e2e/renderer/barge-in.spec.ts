/**
 * Barge-in with push-to-talk: pressing the talk key while the assistant speaks must silence the
 * player at once, and the truncate sent upstream must say exactly how much was heard, within one
 * capture frame. "Heard" is measured on the player's output (support/player-tap.ts) against the
 * PCM the simulator sent, not taken from the player's own counters.
 */
import { test, expect } from './support/fixture';
import { clientEvents, diagnostics, liveSession, ofType, openApp, waitReady } from './support/page-helpers';
import { installPlayerTap, readPlayerTap } from './support/player-tap';
import { pcm16ToFloat } from './support/speech';
import { answerStart, heardThrough } from './support/waveform';

test.use({ simQuery: 'sim_scenario=long&sim_pacing=realtime' });

test('pressing talk mid-answer stops playback and truncates at what was played', async ({ page, host, sim }) => {
  await installPlayerTap(page);
  await openApp(page, host.url);
  await waitReady(page);
  await page.getByTestId('text-input').fill('Tell me a long story.');
  await page.getByTestId('text-input').press('Enter');
  const session = await liveSession(sim);

  // Let about 1.5 s of the answer play.
  await expect
    .poll(async () => ofType(await diagnostics(page), 'played').at(-1)?.samples ?? 0, { timeout: 15_000, intervals: [50] })
    .toBeGreaterThan(36_000);
  const itemId = ofType(await diagnostics(page), 'played').at(-1)!.itemId;
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'speaking');

  await page.evaluate(() => {
    const w = window as unknown as { __pressAt?: number };
    window.addEventListener('pointerdown', () => (w.__pressAt ??= Date.now()), true);
  });
  const box = (await page.getByTestId('talk-button').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();

  await expect.poll(async () => ofType(await diagnostics(page), 'flushed').length, { timeout: 5_000 }).toBeGreaterThan(0);
  const flushed = ofType(await diagnostics(page), 'flushed')[0]!;
  const played = flushed.played.find((p) => p.itemId === itemId)!.playedSamples;
  const pressAt = await page.evaluate(() => (window as unknown as { __pressAt: number }).__pressAt);
  const stopMs = flushed.at - pressAt;
  expect(stopMs, 'playback stopped promptly after the press').toBeLessThan(250);

  // The truncate carries what the player really played (one 40 ms frame of tolerance).
  await expect.poll(() => clientEvents(session, 'conversation.item.truncate').length, { timeout: 5_000 }).toBeGreaterThan(0);
  const truncate = clientEvents(session, 'conversation.item.truncate').find((e) => e.event.item_id === itemId)!;
  const heardMs = (played / 24_000) * 1000;
  expect(Math.abs((truncate.event.audio_end_ms as number) - heardMs)).toBeLessThanOrEqual(40);
  // …and far less than what had been delivered (real-time pacing leads by ~500 ms).
  expect(played * 2).toBeLessThan(session.outputAudio.get(itemId)!.length);

  // Nothing more of that answer is played after the flush.
  await page.waitForTimeout(600);
  const after = ofType(await diagnostics(page), 'played').filter((p) => p.itemId === itemId);
  expect(Math.max(...after.map((p) => p.samples))).toBeLessThanOrEqual(played);

  // What came out of the player: the answer's first samples, then silence. The truncate matches it.
  const output = await readPlayerTap(page);
  const sent = pcm16ToFloat(session.outputAudio.get(itemId)!);
  const start = answerStart(output, sent);
  expect(start.ncc, 'the output is the answer').toBeGreaterThan(0.999);
  const { heard, outputEnd, nextLoud, slips } = heardThrough(output, sent, start.lag);
  const [outHeardMs, quietUntilMs] = [heard, nextLoud].map((n) => (n / 24_000) * 1000) as [number, number];
  // The output ends at its last loud sample; a stop in the quiet after it sounds the same.
  const end = truncate.event.audio_end_ms as number;
  expect(end, 'truncate ≥ what came out of the player, −1 frame').toBeGreaterThanOrEqual(outHeardMs - 40);
  expect(end, 'truncate ≤ the end of the pause it stopped in, +1 frame').toBeLessThanOrEqual(quietUntilMs + 40);
  // Silence from the truncate point on (+ the flush's fade): nothing more of the answer came out.
  const tail = output.subarray(outputEnd + Math.max(0, Math.round((end / 1000) * 24_000) - heard) + 960);
  const loudestAfter = tail.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  expect(loudestAfter, 'silence after the stop').toBeLessThan(0.001);
  await page.mouse.up();
  test.info().annotations.push({
    type: 'barge-in',
    description: `stop ${stopMs} ms after press; heard ${heardMs.toFixed(1)} ms (player count), ${outHeardMs.toFixed(1)} ms (output; quiet until ${quietUntilMs.toFixed(1)} ms; ${slips} realignments), truncate ${String(truncate.event.audio_end_ms)} ms`,
  });
});
