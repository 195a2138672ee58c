/**
 * Speaker loss and return. Chromium's fake audio has no second output, so an init script adds a
 * "USB Speaker" to the device list and stands in for `AudioContext.setSinkId` (recording which sink
 * the player asked for, and refusing the USB id while it is unplugged, as Chromium does for a
 * missing device). The player must fall back to the default and say so, then go back to the chosen
 * speaker when it returns, and the answer must still play.
 */
import { test, expect } from './support/fixture';
import { answerAudio, expectPlayed, liveSession, openApp, waitReady } from './support/page-helpers';

interface SpeakerWindow {
  __spk: { plugged: boolean; sinks: string[] };
  __unplugSpeaker(): void;
  __replugSpeaker(): void;
}

test.use({
  hostOptions: { settings: { onboardingDone: true, audio: { outputDeviceId: 'usb-spk', outputDeviceLabel: 'USB Speaker' } } },
});

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const md = navigator.mediaDevices;
    const w = window as unknown as SpeakerWindow;
    w.__spk = { plugged: true, sinks: [] };
    const enumerate = md.enumerateDevices.bind(md);
    const usb = { deviceId: 'usb-spk', groupId: 'usb', kind: 'audiooutput', label: 'USB Speaker', toJSON: () => ({}) } as MediaDeviceInfo;
    md.enumerateDevices = async () => [...(await enumerate()), ...(w.__spk.plugged ? [usb] : [])];
    const proto = AudioContext.prototype as AudioContext & { setSinkId(id: string): Promise<void> };
    proto.setSinkId = async function (id: string) {
      w.__spk.sinks.push(id);
      if (id === 'usb-spk' && !w.__spk.plugged) throw new DOMException('Requested device not found', 'NotFoundError');
    };
    w.__unplugSpeaker = () => {
      w.__spk.plugged = false;
      md.dispatchEvent(new Event('devicechange'));
    };
    w.__replugSpeaker = () => {
      w.__spk.plugged = true;
      md.dispatchEvent(new Event('devicechange'));
    };
  });
});

test('unplugging the chosen speaker falls back to the default and says so; replugging restores it', async ({ page, host, sim }) => {
  await openApp(page, host.url);
  await waitReady(page);
  // The sink the player asked for last (it may re-apply the same one when settings arrive).
  const sink = () => page.evaluate(() => (window as unknown as SpeakerWindow).__spk.sinks.at(-1));
  await expect.poll(sink).toBe('usb-spk');
  const banner = page.getByTestId('output-banner');
  await expect(banner).toHaveCount(0);

  await page.evaluate(() => (window as unknown as SpeakerWindow).__unplugSpeaker());
  await expect(banner).toHaveAttribute('data-fallback', 'true');
  await expect(banner).toContainText('"USB Speaker" is not available');
  await expect.poll(sink).toBe('');

  await page.evaluate(() => (window as unknown as SpeakerWindow).__replugSpeaker());
  await expect(banner).toHaveAttribute('data-fallback', 'false');
  await expect(banner).toContainText('"USB Speaker" is back');
  await expect.poll(sink).toBe('usb-spk');

  // And the restored speaker plays a whole answer.
  await page.getByTestId('text-input').fill('Say something on my speaker');
  await page.getByTestId('text-input').press('Enter');
  const answer = await answerAudio(await liveSession(sim));
  await expectPlayed(page, answer.itemId, answer.samples);
});
