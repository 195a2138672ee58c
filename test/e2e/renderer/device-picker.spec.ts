/**
 * Choosing a microphone and a frame size in Settings: the choice is saved (id and label), the live
 * capture re-opens on the chosen device at once, and the next turn streams frames of the new size.
 */
import { test, expect } from './support/fixture';
import { holdTalk, liveSession, openApp, waitMicOpen, waitReady } from './support/page-helpers';
import { installUsbMic, usbMic } from './support/usb-mic';

test.beforeEach(async ({ page }) => installUsbMic(page));

test('a microphone picked in Settings is saved, opened at once, and carries the next turn', async ({ page, host, sim }) => {
  await openApp(page, host.url);
  await waitReady(page);
  await waitMicOpen(page);
  const usb = usbMic(page);
  expect(await usb.opened()).toEqual(['default']);

  await page.getByTestId('open-settings').click();
  await page.getByTestId('input-device').selectOption({ label: 'USB Mic' });
  await page.getByTestId('frame').fill('20');
  await page.getByTestId('save-settings').click();
  await expect.poll(() => host.settings.get().audio.inputDeviceId).toBe('usb-1');
  expect(host.settings.get().audio.inputDeviceLabel).toBe('USB Mic');
  expect(host.settings.get().audio.frameMs).toBe(20);
  await expect.poll(usb.opened).toEqual(['default', 'usb-1']);
  await page.getByTestId('close-settings').click();

  await waitMicOpen(page);
  await holdTalk(page, 400);
  const session = await liveSession(sim);
  await expect.poll(() => session.commits.length, { timeout: 10_000 }).toBe(1);
  expect(session.commits[0]!.audio.length, 'the turn carried audio from the new device').toBeGreaterThan(24_000 * 2 * 0.3);
  // 20 ms at 24 kHz PCM16 = 960 bytes: every append but the final partial one.
  const sizes = session.appends.map((a) => a.bytes);
  expect(sizes.slice(0, -1).every((b) => b === 960), `append sizes ${sizes.join(',')}`).toBe(true);
});
