/**
 * The packaged-style app in real Electron (skipped, with the reason printed, where no Electron
 * binary exists): loads from app:// under the CSP, answers a typed turn from the simulator, and the
 * API key cannot be read from the page.
 */
import { test, expect, electronSkipReason } from '../fixtures/electron-app';

test.skip(!!electronSkipReason, electronSkipReason);

test('loads from app:// with the bridge and answers a typed turn', async ({ window: page }) => {
  expect(page.url()).toMatch(/^app:\/\/app\//);
  const info = await page.evaluate(() => (window as unknown as { assistant: { app: { info(): Promise<unknown> } } }).assistant.app.info());
  expect(info).toMatchObject({ host: 'electron', demo: true });
  // A fresh profile starts in onboarding; demo mode may finish it without a key.
  const done = page.getByTestId('onboarding-done');
  if (await done.isVisible().catch(() => false)) await done.click();
  await page.getByTestId('text-input').fill('Hello there');
  await page.getByTestId('send-text').click();
  await expect(page.getByTestId('msg-user').filter({ hasText: 'Hello there' })).toBeVisible();
  await expect(page.getByTestId('msg-assistant').first()).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('msg-assistant').first()).not.toHaveText(/^\s*$/);
});

test('the page has no Node, no ipcRenderer, and no way to read the key', async ({ window: page, sim }) => {
  const probe = await page.evaluate(async () => {
    const w = window as unknown as Record<string, unknown> & { assistant: Record<string, Record<string, unknown>> };
    return {
      require: typeof w.require,
      process: typeof w.process,
      ipc: typeof (w as { ipcRenderer?: unknown }).ipcRenderer,
      keyCalls: Object.keys(w.assistant.apiKey ?? {}).sort(),
      status: await (w.assistant.apiKey!.status as () => Promise<unknown>)(),
    };
  });
  expect(probe).toMatchObject({ require: 'undefined', process: 'undefined', ipc: 'undefined', keyCalls: ['clear', 'set', 'status'] });
  expect(JSON.stringify(probe)).not.toContain(sim.key);
  expect(await page.content()).not.toContain(sim.key);
});
