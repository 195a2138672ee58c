/**
 * Microphone loss and return. Chromium's fake device cannot be unplugged, so an init script adds a
 * "USB Mic" to the device list (backed by the fake device) that the test can unplug — its track
 * ends and `devicechange` fires, as on real hardware — and plug back in.
 */
import { test, expect } from './support/fixture';
import { holdTalk, liveSession, openApp, waitMicOpen, waitReady } from './support/page-helpers';

interface UsbWindow {
  __usb: { plugged: boolean; opened: string[] };
  __unplug(): void;
  __replug(): void;
}

test.use({
  hostOptions: { settings: { onboardingDone: true, audio: { inputDeviceId: 'usb-1', inputDeviceLabel: 'USB Mic' } } },
});

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const md = navigator.mediaDevices;
    const w = window as unknown as UsbWindow & { __tracks: MediaStreamTrack[] };
    const enumerate = md.enumerateDevices.bind(md);
    const open = md.getUserMedia.bind(md);
    w.__usb = { plugged: true, opened: [] };
    w.__tracks = [];
    const usb = { deviceId: 'usb-1', groupId: 'usb', kind: 'audioinput', label: 'USB Mic', toJSON: () => ({}) } as MediaDeviceInfo;
    md.enumerateDevices = async () => [...(await enumerate()), ...(w.__usb.plugged ? [usb] : [])];
    md.getUserMedia = async (c?: MediaStreamConstraints) => {
      const audio = (c?.audio ?? {}) as MediaTrackConstraints;
      const wanted = (audio.deviceId as ConstrainDOMStringParameters | undefined)?.exact;
      w.__usb.opened.push(String(wanted ?? 'default'));
      if (wanted !== 'usb-1') return open(c);
      if (!w.__usb.plugged) throw new DOMException('Requested device not found', 'NotFoundError');
      const rest = { ...audio };
      delete rest.deviceId;
      const stream = await open({ ...c, audio: rest });
      w.__tracks.push(...stream.getAudioTracks());
      return stream;
    };
    w.__unplug = () => {
      w.__usb.plugged = false;
      for (const t of w.__tracks) t.stop();
      md.dispatchEvent(new Event('devicechange'));
    };
    w.__replug = () => {
      w.__usb.plugged = true;
      md.dispatchEvent(new Event('devicechange'));
    };
  });
});

test('unplugging the chosen mic falls back to the default and says so; replugging restores it', async ({ page, host, sim }) => {
  await openApp(page, host.url);
  await waitReady(page);
  await waitMicOpen(page);
  const opened = () => page.evaluate(() => (window as unknown as UsbWindow).__usb.opened.slice());
  expect(await opened()).toEqual(['usb-1']);

  await page.evaluate(() => (window as unknown as UsbWindow).__unplug());
  const banner = page.getByTestId('mic-device-banner');
  await expect(banner).toHaveAttribute('data-fallback', 'true');
  await expect(banner).toContainText('USB Mic');
  await expect.poll(opened).toEqual(['usb-1', 'default']);
  await waitMicOpen(page);
  await page.screenshot({ path: 'test/artifacts/screenshots/device-fallback.png' });

  await page.evaluate(() => (window as unknown as UsbWindow).__replug());
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
