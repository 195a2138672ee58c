/** The typed fallback: a message typed in the window is answered in text and speech. */
import { test, expect } from './support/fixture';
import { answerAudio, expectPlayed, liveSession, openApp, waitReady } from './support/page-helpers';

test('a typed message is shown, answered and spoken', async ({ page, host, sim }) => {
  await openApp(page, host.url);
  await waitReady(page);
  const input = page.getByTestId('text-input');
  await input.fill('Hello from the keyboard');
  // Space while typing is a space, not push-to-talk.
  await input.press('Space');
  await expect(input).toHaveValue('Hello from the keyboard ');
  await expect(page.getByTestId('talk-button')).toHaveAttribute('aria-pressed', 'false');
  await input.press('Enter');
  await expect(input).toHaveValue('');

  const user = page.getByTestId('msg-user');
  await expect(user).toContainText('Hello from the keyboard');
  await expect(page.getByTestId('msg-assistant')).toContainText('Hello from the keyboard');
  await expect(page.getByTestId('msg-assistant')).toHaveAttribute('data-final', 'true');
  await expect(page.getByTestId('turn-metrics')).toContainText('tokens');

  const session = await liveSession(sim);
  const answer = await answerAudio(session);
  await expectPlayed(page, answer.itemId, answer.samples);

  await page.getByTestId('new-conversation').click();
  await expect(page.getByTestId('msg-user')).toHaveCount(0);
  await expect(page.getByTestId('msg-assistant')).toHaveCount(0);
});

test('Space outside a text field talks; releasing it ends the turn', async ({ page, host, sim }) => {
  await openApp(page, host.url);
  await waitReady(page);
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.down('Space');
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'listening');
  await page.waitForTimeout(400);
  await page.keyboard.up('Space');
  const session = await liveSession(sim);
  await expect.poll(() => session.commits.length, { timeout: 10_000 }).toBe(1);
});
