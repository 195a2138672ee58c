/**
 * The tray's Quick ask page (resources/quick-ask), served by the test host where the app:// scheme
 * serves it, on the same bridge: a question typed there is answered in text only (no speech), the
 * answer shows in the page, and the turn is in the conversation the main window shows.
 */
import { test, expect } from './support/fixture';
import { clientEvents, liveSession, openApp, waitReady } from './support/page-helpers';

test('a quick question is answered in text in the Quick ask page and lands in the conversation', async ({ page, host, sim, pageErrors }) => {
  await openApp(page, host.url);
  await waitReady(page);

  const quick = await page.context().newPage();
  quick.on('pageerror', (e) => pageErrors.push(String(e)));
  await quick.goto(`${host.url}__quick/index.html`);
  await quick.locator('#q').fill('What is the capital of France?');
  await quick.locator('#q').press('Enter');
  await expect(quick.locator('#answer')).toContainText('What is the capital of France?', { timeout: 15_000 });
  await expect(quick.locator('#answer')).not.toHaveClass(/error|busy/);
  await expect(quick.locator('#q')).toHaveValue('');
  await expect(quick.locator('#q')).toBeEnabled();

  // Text only: the response asked for no audio, and none was sent.
  const session = await liveSession(sim);
  const create = clientEvents(session, 'response.create').at(-1)!;
  expect((create.event.response as { output_modalities?: string[] } | undefined)?.output_modalities).toEqual(['text']);
  expect(session.outputAudio.size).toBe(0);

  // The main window shows the same turn.
  await expect(page.getByTestId('msg-user')).toContainText('What is the capital of France?');
  await expect(page.getByTestId('msg-assistant')).toContainText('What is the capital of France?');
  expect(pageErrors).toEqual([]);
});

test.describe('with a rejected key', () => {
  test.use({ simQuery: 'sim_handshake=401' });
  test('the Quick ask page says why, and keeps the question for another try', async ({ page, host }) => {
    await page.goto(`${host.url}__quick/index.html`);
    await page.locator('#q').fill('Will this work?');
    await page.locator('#q').press('Enter');
    await expect(page.locator('#answer')).toHaveClass('error', { timeout: 20_000 });
    await expect(page.locator('#answer')).toContainText(/key/i);
    await expect(page.locator('#q')).toHaveValue('Will this work?');
    await expect(page.locator('#q')).toBeEnabled();
  });
});
