/**
 * Window security settings and the tray in real Electron (skipped, with the reason printed, where
 * no Electron binary exists).
 */
import { test, expect, electronSkipReason } from '../fixtures/electron-app';

test.skip(!!electronSkipReason, electronSkipReason);

test('the page gets no Node and cannot navigate away or open windows', async ({ electronApp, window: page }) => {
  const globals = await page.evaluate(() => {
    const g = globalThis as Record<string, unknown>;
    return [typeof g.require, typeof g.process, typeof g.Buffer, typeof g.module, typeof g.ipcRenderer];
  });
  expect(globals).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined']);
  const before = page.url();
  await page.evaluate(() => {
    location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe(before);
  expect(await page.evaluate(() => open('https://example.com/') === null)).toBe(true);
  expect(electronApp.windows().length).toBe(1);
});

test('the camera is denied to our own page (microphone only)', async ({ window: page }) => {
  const result = await page.evaluate(async () => {
    const tryGet = async (c: MediaStreamConstraints) => {
      try {
        const s = await navigator.mediaDevices.getUserMedia(c);
        s.getTracks().forEach((t) => t.stop());
        return 'granted';
      } catch (e) {
        return (e as Error).name;
      }
    };
    return { video: await tryGet({ video: true }), screen: await tryGet({ video: { displaySurface: 'monitor' } as MediaTrackConstraints }) };
  });
  expect(result.video).toBe('NotAllowedError');
  expect(result.screen).toBe('NotAllowedError');
});

test('the tray menu has the documented items, dictation enabled', async ({ electronApp }) => {
  const menu = await electronApp.evaluate(() => (globalThis as unknown as { __inworldDeskTest?: { trayMenu(): unknown } }).__inworldDeskTest?.trayMenu());
  const labels = (menu as Array<{ label?: string }>).map((i) => i.label ?? '—');
  expect(labels).toEqual(['Talk', 'Dictate', 'Paste last dictation', 'Ask…', 'Mode', '—', 'Open window', 'Settings…', 'Open logs', 'Check for updates', '—', 'Quit Inworld Desk']);
  expect((menu as Array<{ label?: string; enabled?: boolean }>)[1]!.enabled).toBe(true);
});
