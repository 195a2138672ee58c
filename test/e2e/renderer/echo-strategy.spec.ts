/**
 * Settings says which echo strategy is active, and recommends headphones only when the system
 * refused echo cancellation for the open microphone. "Refused" is produced for real: the fixture's
 * rawMic option makes every getUserMedia call ask for echoCancellation: false, so the track Chromium
 * opens reports it off, exactly as on a system without a canceller. The granted case runs on the
 * audio loop (echo-loop.spec.ts opens Settings there too).
 */
import { test, expect } from './support/fixture';
import { openApp, waitMicOpen, waitReady } from './support/page-helpers';

test.use({ rawMic: true, hostOptions: { settings: { onboardingDone: true, mode: 'hands-free' } } });

test('no echo cancellation on the microphone: Settings recommends headphones for hands-free', async ({ page, host }) => {
  await openApp(page, host.url);
  await waitReady(page);
  await waitMicOpen(page);
  await page.getByTestId('open-settings').click();
  await expect(page.getByTestId('echo-strategy')).toHaveAttribute('data-strategy', 'none');
  await expect(page.getByTestId('headphones-advice')).toHaveText('Use headphones in hands-free mode');
  // The barge-in setting and VAD type are editable and saved.
  await page.getByTestId('barge-in-ms').fill('300');
  await page.getByTestId('vad-type').selectOption('server_vad');
  await page.getByTestId('save-settings').click();
  await expect.poll(() => host.settings.get().bargeInMs).toBe(300);
  expect(host.settings.get().vad).toBe('server_vad');
});
