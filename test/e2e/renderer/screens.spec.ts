/**
 * The screens a user meets, with screenshots for review (test/artifacts/screenshots/): first-run
 * onboarding, the settings screen (key never shown back), themes, and 200 % zoom.
 */
import { test, expect } from './support/fixture';
import { openApp, screenshotScreen, waitReady } from './support/page-helpers';

test.describe('first run', () => {
  test.use({ hostOptions: { settings: { onboardingDone: false } } });
  test('onboarding explains the key, the mic and the hotkey, and offers the demo', async ({ page, host }) => {
    await page.goto(host.url);
    const onb = page.getByTestId('onboarding');
    await expect(onb).toBeVisible();
    await expect(onb).toContainText('API key');
    await expect(onb).toContainText('Microphone');
    await expect(onb.locator('kbd').first()).toContainText('Ctrl+Shift+Space');
    await page.getByTestId('onboarding-mic').click();
    await expect(page.getByTestId('onboarding-mic-status')).toHaveText('Microphone ready.');
    await screenshotScreen(page, 'onboarding');
    await page.getByTestId('onboarding-demo').click();
    await expect(page.getByTestId('main-screen')).toBeVisible();
    await waitReady(page);
    expect(host.settings.get().onboardingDone).toBe(true);
  });
});

test('settings: the key is set but never shown back; edits are saved', async ({ page, host }) => {
  await openApp(page, host.url);
  await page.getByTestId('open-settings').click();
  const screen = page.getByTestId('settings-screen');
  await expect(screen).toBeVisible();
  // The form is long: Save stays in view while the top of it is edited.
  await expect(page.getByTestId('save-settings')).toBeInViewport();
  const secret = 'c2VjcmV0LWtleTpzM2NyM3Q=';
  await page.getByTestId('api-key-input').fill(secret);
  await page.getByTestId('api-key-save').click();
  await expect(page.getByTestId('key-status')).toContainText('A key is set');
  await expect(page.getByTestId('api-key-input')).toHaveValue('');
  expect(await page.content()).not.toContain(secret);

  await page.getByTestId('voice').fill('Ashley');
  await page.getByTestId('tail').fill('200');
  await page.getByTestId('theme').selectOption('dark');
  await page.getByTestId('save-settings').click();
  await expect.poll(() => host.settings.get().voice).toBe('Ashley');
  expect(host.settings.get().audio.tailMs).toBe(200);
  // Nothing else was reset by the save (see AppStore.updateSettings).
  expect(host.settings.get().onboardingDone).toBe(true);
  expect(host.settings.get().audio.prerollMs).toBe(300);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await screenshotScreen(page, 'settings-dark');
  await page.getByTestId('close-settings').click();
  await expect(page.getByTestId('main-screen')).toBeVisible();
});

test('theme follows the OS unless overridden', async ({ page, host }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openApp(page, host.url);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await waitReady(page);
  await page.screenshot({ path: 'test/artifacts/screenshots/main-light.png' });
});

test('readable and operable at 200 % zoom, by keyboard', async ({ page, host }) => {
  // 200 % zoom of a 1280 px window is a 640 px CSS viewport.
  await page.setViewportSize({ width: 640, height: 400 });
  await openApp(page, host.url);
  await waitReady(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'no horizontal scrolling').toBeLessThanOrEqual(0);
  await expect(page.getByTestId('talk-button')).toBeInViewport();
  await page.screenshot({ path: 'test/artifacts/screenshots/main-zoom-200.png', fullPage: true });
  // Every control has an accessible name.
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('button, input, select, textarea, meter')].filter((el) => {
      const e = el as HTMLElement;
      const label = e.getAttribute('aria-label') || (e as HTMLInputElement).labels?.[0]?.textContent || e.textContent;
      return !label?.trim();
    }).length,
  );
  expect(unnamed).toBe(0);
  // The talk button works from the keyboard: focus it, hold Enter.
  await page.getByTestId('talk-button').focus();
  await page.keyboard.down('Enter');
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'listening');
  await page.keyboard.up('Enter');
  await expect(page.getByTestId('status')).not.toHaveAttribute('data-status', 'listening');
});
