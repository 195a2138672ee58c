/**
 * The dictation overlay page (resources/dictation-overlay), served by the test host where the
 * app:// scheme serves it, on the same bridge: "arming" until the microphone really delivers, then
 * the level meter, the live caption and the state; its cancel button cancels a dictation while held.
 */
import { test, expect } from './support/fixture';
import { makeSpeechWav } from './support/speech';
import { openApp, waitMicOpen, waitReady } from './support/page-helpers';
import { openHostPage } from '../fixtures/host-fixture';

// Played once: long enough for two dictations.
const speech = makeSpeechWav('Please call me back after lunch. I will be at my desk all afternoon, so any time after two works for me. Thanks a lot, and see you soon.', { leadMs: 1500, trailMs: 300 });
test.use({ micWav: speech.path, simQuery: 'sim_transcript=Please+call+me+back+after+lunch.&sim_transcription_deltas=additive' });

test('arming → listening with a moving meter → transcribing with the caption → inserted; cancel drops a held dictation', async ({ page, host, chrome, pageErrors }) => {
  await openApp(page, host.url);
  await waitReady(page);
  await waitMicOpen(page);
  await host.dictation.warm();

  // A window of its own (another context): a second tab would background the app page, and
  // Chromium throttles a background tab's capture.
  const { page: overlay } = await openHostPage(chrome, host, pageErrors);
  await overlay.goto(`${host.url}__overlay/index.html`);
  await expect(overlay.locator('body')).toHaveAttribute('data-phase', 'idle');

  const phases: string[] = [];
  host.events.subscribe((name, payload) => {
    if (name === 'dictation.state') phases.push((payload as { phase: string }).phase);
  });
  await page.waitForFunction(() => Number((document.querySelector('[data-testid="mic-level"]') as HTMLMeterElement | null)?.value) > 0.02, null, { polling: 5, timeout: 10_000 });
  host.dictation.start('hotkey');
  await expect(overlay.locator('body')).toHaveAttribute('data-phase', 'listening', { timeout: 5000 });
  expect(phases[0]).toBe('arming');
  await expect.poll(() => overlay.locator('#level').evaluate((m) => (m as HTMLMeterElement).value), { timeout: 5000 }).toBeGreaterThan(0.05);
  await page.waitForTimeout(1200);
  host.dictation.stop('hotkey');
  await expect(overlay.locator('body')).toHaveAttribute('data-phase', 'inserted', { timeout: 10_000 });
  await expect(overlay.locator('#state')).toHaveText('Inserted');
  await expect(overlay.locator('#caption')).toHaveText('Please call me back after lunch.');
  expect(phases).toContain('transcribing');
  expect(host.dictationInserter!.inserted.map((i) => i.text)).toEqual(['Please call me back after lunch.']);

  host.dictation.start('hotkey');
  await expect(overlay.locator('body')).toHaveAttribute('data-phase', 'listening', { timeout: 5000 });
  await overlay.locator('#cancel').click();
  await expect(overlay.locator('body')).toHaveAttribute('data-phase', 'cancelled');
  await page.waitForTimeout(1500);
  expect(host.dictationInserter!.inserted).toHaveLength(1);
  expect(host.dictation.busy).toBe(false);

  // Settings shows the trigger path and lists the dictation; "Insert again" inserts it once more.
  await page.getByTestId('open-settings').click();
  await expect(page.getByTestId('dictation-trigger')).toContainText('--dictate toggle');
  const item = page.getByTestId('dictation-item').filter({ hasText: 'Please call me back after lunch.' });
  await expect(item).toHaveAttribute('data-state', 'inserted');
  await item.getByRole('button', { name: 'Insert again' }).click();
  await expect.poll(() => host.dictationInserter!.inserted.length).toBe(2);
  expect(pageErrors).toEqual([]);
});
