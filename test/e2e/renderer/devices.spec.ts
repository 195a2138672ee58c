/**
 * Microphone loss and return, with the unpluggable "USB Mic" stand-in of support/usb-mic.ts.
 */
import { test, expect } from './support/fixture';
import { holdTalk, liveSession, openApp, waitMicOpen, waitReady } from './support/page-helpers';
import { installUsbMic, usbMic } from './support/usb-mic';

test.use({
  hostOptions: { settings: { onboardingDone: true, audio: { inputDeviceId: 'usb-1', inputDeviceLabel: 'USB Mic' } } },
});

test.beforeEach(async ({ page }) => installUsbMic(page));

test('unplugging the chosen mic falls back to the default and says so; replugging restores it', async ({ page, host, sim }) => {
  await openApp(page, host.url);
  await waitReady(page);
  await waitMicOpen(page);
  const usb = usbMic(page);
  const opened = usb.opened;
  expect(await opened()).toEqual(['usb-1']);

  await usb.unplug();
  const banner = page.getByTestId('mic-device-banner');
  await expect(banner).toHaveAttribute('data-fallback', 'true');
  await expect(banner).toContainText('USB Mic');
  await expect.poll(opened).toEqual(['usb-1', 'default']);
  await waitMicOpen(page);
  await page.screenshot({ path: 'test/artifacts/screenshots/device-fallback.png' });

  await usb.replug();
  await expect(banner).toHaveAttribute('data-fallback', 'false');
  await expect(banner).toContainText('USB Mic" is back');
  await expect.poll(opened).toEqual(['usb-1', 'default', 'usb-1']);

  // And the restored mic carries a turn.
  await waitMicOpen(page);
  await holdTalk(page, 300);
  const session = await liveSession(sim);
  await expect.poll(() => session.commits.length, { timeout: 10_000 }).toBe(1);
});

test('a denied microphone is explained', async ({ page, host }) => {
  await page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  await openApp(page, host.url);
  await waitReady(page);
  const banner = page.getByTestId('mic-banner');
  await expect(banner).toHaveAttribute('data-state', 'denied');
  await expect(banner).toContainText('privacy settings');
});
