/**
 * The dictation overlay in real Electron under X11 (skipped, with the reason printed, where there
 * is no Electron binary or no X display): shown while dictating, it never takes the focus from the
 * window the user is typing in — the window that had it before has it after (`xdotool
 * getwindowfocus`) — and its window options are the ones that make that so.
 */
import { test, expect, electronSkipReason } from '../fixtures/electron-app';
import { x11SkipReason, xdotool } from '../../main/support/xdotool';

test.skip(!!electronSkipReason, electronSkipReason);
test.skip(!!x11SkipReason, x11SkipReason);

type TestHooks = { __inworldDeskTest: { dictate(action: string): boolean } };
const focused = () => xdotool('getwindowfocus').toString().trim();

test('the dictation overlay shows without taking the focus', async ({ electronApp, window: page }) => {
  await page.bringToFront();
  await electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.focus());
  await expect.poll(focused).not.toBe('');
  const before = focused();
  await electronApp.evaluate(() => (globalThis as unknown as TestHooks).__inworldDeskTest.dictate('start'));
  const overlay = () =>
    electronApp.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows()
        .filter((w) => w.webContents.getURL().includes('/__overlay/'))
        .map((w) => ({ visible: w.isVisible(), focusable: w.isFocusable(), focused: w.isFocused(), onTop: w.isAlwaysOnTop() }))[0],
    );
  await expect.poll(async () => (await overlay())?.visible, { timeout: 5_000 }).toBe(true);
  expect(await overlay()).toEqual({ visible: true, focusable: false, focused: false, onTop: true });
  expect(focused(), 'the window that had the focus still has it').toBe(before);
  await electronApp.evaluate(() => (globalThis as unknown as TestHooks).__inworldDeskTest.dictate('cancel'));
  await expect.poll(async () => (await overlay())?.visible ?? false, { timeout: 5_000 }).toBe(false);
  expect(focused()).toBe(before);
});
