/**
 * A privileged change asked for in the page (here: an allowed folder) waits for main's own
 * confirmation; the page shows what is waiting, and a "no" leaves the settings unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './support/fixture';
import { openApp } from './support/page-helpers';

test('adding a folder waits for the confirmation in main, shows it as pending, and "no" keeps settings as they were', async ({ page, host, pageErrors }) => {
  const folder = mkdtempSync(join(tmpdir(), 'privileged-folder-'));
  let answer: (yes: boolean) => void = () => {};
  host.confirmer.answerNext(() => new Promise<boolean>((r) => (answer = r)));
  try {
    await openApp(page, host.url);
    await page.getByTestId('open-settings').click();
    await page.getByTestId('folder-input').fill(folder);
    await page.getByTestId('folder-input').press('Enter');
    const banner = page.getByTestId('pending-banner');
    await expect(banner).toContainText('Waiting for your confirmation');
    await expect(banner).toContainText(`Let tools read and write in the folder ${folder}`);
    expect(host.confirmer.asked.at(-1)!.changes).toEqual([`Let tools read and write in the folder ${folder}`]);
    expect(host.settings.get().tools.allowedFolders).toEqual([]);
    answer(false);
    await expect(banner).toHaveCount(0);
    expect(host.settings.get().tools.allowedFolders).toEqual([]);
    await expect(page.getByTestId('allowed-folder')).toHaveCount(0);
    await page.getByTestId('close-settings').click();
    await expect(page.getByTestId('notice').filter({ hasText: 'Not changed' })).toBeVisible();
    expect(pageErrors).toEqual([]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
