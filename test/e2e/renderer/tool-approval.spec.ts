/** Tool calls on screen: the card shows the arguments, asks before a side effect, and shows the result. */
import { test, expect } from './support/fixture';
import { approvalTools } from './support/fake-tools';
import { openApp, waitReady } from './support/page-helpers';

test.use({
  hostOptions: { settings: { onboardingDone: true }, tools: approvalTools() },
  simQuery: `sim_scenario=tool-call&sim_tool=delete_note&sim_args=${encodeURIComponent('{"title":"Groceries"}')}`,
});

test('approve: the tool runs and its result is shown and spoken about', async ({ page, host }) => {
  await openApp(page, host.url);
  await waitReady(page);
  await page.getByTestId('text-input').fill('Delete my groceries note');
  await page.getByTestId('text-input').press('Enter');
  const card = page.getByTestId('tool-card');
  await expect(card).toHaveAttribute('data-tool', 'delete_note');
  await expect(card.getByTestId('tool-args')).toContainText('"title": "Groceries"');
  await expect(card.getByTestId('approval-summary')).toHaveText('Delete the note "Groceries"');
  await expect(page.getByTestId('status')).toHaveText(/Waiting for your approval/);
  await page.screenshot({ path: 'test/artifacts/screenshots/tool-approval.png' });
  await card.getByTestId('approve').click();
  await expect(card.getByTestId('tool-status')).toHaveText('Done');
  await expect(card.getByTestId('approve')).toHaveCount(0);
  await expect(page.getByTestId('status')).not.toHaveAttribute('data-status', 'approval');
  await expect(card.getByTestId('tool-output')).toHaveText('Deleted the note.');
  await expect(page.getByTestId('msg-assistant').last()).toContainText('Deleted the note.');
});

test('deny: nothing runs and the card says so', async ({ page, host }) => {
  await openApp(page, host.url);
  await waitReady(page);
  await page.getByTestId('text-input').fill('Delete my groceries note');
  await page.getByTestId('text-input').press('Enter');
  const card = page.getByTestId('tool-card');
  await card.getByTestId('deny').click();
  await expect(card.getByTestId('tool-status')).toHaveText('Denied');
});
