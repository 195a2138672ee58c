/**
 * The two settings that change how the app starts and where its key comes from: "Start at login"
 * and "Allow key from environment". Both are plain checkboxes saved with the rest of the settings;
 * these specs drive them by keyboard, as a user without a mouse would, and check what main stored
 * and what the key section then says.
 */
import { test, expect } from './support/fixture';
import { openApp } from './support/page-helpers';

const ENV_KEY = 'ZW52LWtleTpzM2NyM3Q=';

async function openSettings(page: import('@playwright/test').Page, url: string): Promise<void> {
  await openApp(page, url);
  await page.getByTestId('open-settings').click();
  await expect(page.getByTestId('settings-screen')).toBeVisible();
}

/** Focuses the control through its visible label and flips it with Space, then saves. */
async function toggleByKeyboard(page: import('@playwright/test').Page, label: RegExp): Promise<void> {
  const box = page.getByLabel(label);
  await box.focus();
  await page.keyboard.press('Space');
  await page.getByTestId('save-settings').click();
}

test.describe('no keychain, INWORLD_API_KEY in the environment', () => {
  test.use({ hostOptions: { settings: { onboardingDone: true }, secureStorage: 'basic_text', env: { INWORLD_API_KEY: ENV_KEY } } });

  test('"Allow key from environment" is stored and the key section then shows the env key', async ({ page, host }) => {
    await openSettings(page, host.url);
    const status = page.getByTestId('key-status');
    // Off by default: the env key is ignored and the user is told how to use it.
    await expect(status).toContainText('No key is set');
    await expect(status).toContainText('does not store a key');
    await expect(status).toContainText('Allow key from environment');
    await expect(page.getByLabel(/Allow key from environment/)).not.toBeChecked();

    await toggleByKeyboard(page, /Allow key from environment/);
    await expect.poll(() => host.settings.get().allowEnvKey).toBe(true);
    await expect(status).toContainText('A key is set (from the environment)');
    expect(await page.content()).not.toContain(ENV_KEY);

    await toggleByKeyboard(page, /Allow key from environment/);
    await expect.poll(() => host.settings.get().allowEnvKey).toBe(false);
    await expect(status).toContainText('No key is set');
  });
});

test('"Start at login" is stored and survives a reload', async ({ page, host }) => {
  await openSettings(page, host.url);
  const box = page.getByLabel(/Start at login/);
  await expect(box).not.toBeChecked();
  await toggleByKeyboard(page, /Start at login/);
  await expect.poll(() => host.settings.get().launchAtLogin).toBe(true);
  // Nothing else was reset by the save.
  expect(host.settings.get().allowEnvKey).toBe(false);
  expect(host.settings.get().onboardingDone).toBe(true);

  await openSettings(page, host.url);
  await expect(page.getByLabel(/Start at login/)).toBeChecked();
});
