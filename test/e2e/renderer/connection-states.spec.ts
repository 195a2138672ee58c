/** What the user sees when the connection fails or drops: the error with its fix, and reconnect progress. */
import { test, expect, loadSim } from './support/fixture';
import { openApp, waitReady } from './support/page-helpers';

test.describe('a rejected key', () => {
  test.use({ simQuery: 'sim_handshake=401' });
  test('shows the error with what to do about it', async ({ page, host }) => {
    await openApp(page, host.url);
    const banner = page.getByTestId('error-banner');
    await expect(banner).toBeVisible({ timeout: 20_000 });
    await expect(banner).toHaveAttribute('data-code', 'bad_key');
    await expect(page.getByTestId('error-fix')).toContainText('Settings');
    await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'error');
    await page.screenshot({ path: 'test/artifacts/screenshots/error.png' });
  });
});

test('a lost connection shows reconnect progress and recovers', async ({ page, host, sim }) => {
  await openApp(page, host.url);
  await waitReady(page);
  const port = sim.port;
  const keys = sim.keys;
  // The server goes away; the app must say so and keep trying.
  await sim.close();
  await expect(page.getByTestId('reconnect-banner')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', /reconnecting|connecting/);
  await page.screenshot({ path: 'test/artifacts/screenshots/reconnecting.png' });
  // It comes back on the same port: the app reconnects by itself.
  const { startSimulator } = await loadSim();
  const again = await startSimulator({ port, keys });
  try {
    await waitReady(page);
    await expect(page.getByTestId('reconnect-banner')).toHaveCount(0);
  } finally {
    await again.close();
  }
});
