/** The Settings switch the updater reads before every automatic check (services/updates/). */
import { test, expect } from './support/fixture';
import { openApp } from './support/page-helpers';

test.use({ hostOptions: { settings: { onboardingDone: true } } });

test('"Keep Inworld Desk up to date" is on by default, can be turned off, and stays off', async ({ page, host }) => {
  await openApp(page, host.url);
  await page.getByTestId('open-settings').click();
  const box = page.getByLabel(/Keep Inworld Desk up to date/);
  await expect(box).toBeChecked();
  expect(host.settings.get().autoUpdate).toBe(true);
  await box.focus();
  await page.keyboard.press('Space');
  await page.getByTestId('save-settings').click();
  await expect.poll(() => host.settings.get().autoUpdate).toBe(false);
  expect(host.settings.get().launchAtLogin).toBe(false); // nothing else changed

  await openApp(page, host.url);
  await page.getByTestId('open-settings').click();
  await expect(page.getByLabel(/Keep Inworld Desk up to date/)).not.toBeChecked();
});
