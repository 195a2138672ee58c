/**
 * The demo as a new user sees it (`npm run demo`, `npm run host`): the simulator's demo scenario
 * answers like an assistant, with the app's real tools, approvals, tool cards and speech.
 */
import { test, expect } from './support/fixture';
import { expectPlayed, liveSession, openApp, waitReady } from './support/page-helpers';

test.use({ hostOptions: { settings: { onboardingDone: true } }, simOptions: { scenario: 'demo' } });

test('"what time is it" shows a tool card and a spoken answer', async ({ page, host, sim }) => {
  await openApp(page, host.url);
  await waitReady(page);
  await page.getByTestId('text-input').fill('what time is it');
  await page.getByTestId('text-input').press('Enter');
  const card = page.getByTestId('tool-card');
  await expect(card).toHaveAttribute('data-tool', 'get_datetime');
  await expect(card.getByTestId('tool-status')).toHaveText('Done');
  const year = String(new Date().getFullYear());
  await expect(card.getByTestId('tool-output')).toContainText(year);
  const answer = page.getByTestId('msg-assistant').last();
  await expect(answer).toContainText(new RegExp(`It is \\w+day, .*${year}`));
  await expect(answer).toHaveAttribute('data-final', 'true');
  // Spoken: the answer's audio reaches the player in full.
  const session = await liveSession(sim);
  await expect.poll(() => session.outputAudio.size, { timeout: 15_000 }).toBeGreaterThan(0);
  await expect.poll(() => session.serverEventsOfType('response.done').length, { timeout: 15_000 }).toBe(2);
  const [itemId, pcm] = [...session.outputAudio.entries()][0]!;
  await expectPlayed(page, itemId, pcm.length / 2);
  await page.screenshot({ path: 'test/artifacts/screenshots/demo-time.png' });
});

test('"take a note" asks for approval first, then saves it and says so', async ({ page, host }) => {
  await openApp(page, host.url);
  await waitReady(page);
  await page.getByTestId('text-input').fill('Take a note: call the dentist');
  await page.getByTestId('text-input').press('Enter');
  const card = page.getByTestId('tool-card');
  await expect(card).toHaveAttribute('data-tool', 'notes_append');
  await expect(card.getByTestId('approval-summary')).toHaveText('Save a note: "call the dentist"');
  await card.getByTestId('approve').click();
  await expect(card.getByTestId('tool-status')).toHaveText('Done');
  await expect(page.getByTestId('msg-assistant').last()).toContainText('Done, I saved that note.');
});

test('"what is on my clipboard" reads it through the clipboard tool', async ({ page, host }) => {
  host.toolEffects!.clipboard = 'Meeting moved to 3 pm';
  await openApp(page, host.url);
  await waitReady(page);
  await page.getByTestId('text-input').fill("What's on my clipboard?");
  await page.getByTestId('text-input').press('Enter');
  const card = page.getByTestId('tool-card');
  await expect(card).toHaveAttribute('data-tool', 'clipboard_read');
  await expect(card.getByTestId('tool-status')).toHaveText('Done'); // a read-only tool runs without asking
  await expect(page.getByTestId('msg-assistant').last()).toContainText('Your clipboard says: "Meeting moved to 3 pm".');
});
