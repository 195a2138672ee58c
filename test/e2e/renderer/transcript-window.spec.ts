/**
 * A window open all day: the transcript renders the newest RENDERED_ENTRIES entries (the DOM would
 * otherwise grow with every turn up to the store's cap), and "Show earlier" brings the rest back.
 */
import { test, expect } from './support/fixture';
import { openApp, waitReady } from './support/page-helpers';

test('a long conversation renders its newest 200 entries; Show earlier brings back the rest', async ({ page, host }) => {
  test.setTimeout(120_000);
  await openApp(page, host.url);
  await waitReady(page);
  // 110 typed turns through the same bridge verb the composer uses, each once the last is answered:
  // 220 entries (question + answer).
  await page.evaluate(async () => {
    const a = (window as unknown as { assistant: { session: { sendText(i: { text: string }): Promise<unknown> } } }).assistant;
    const answered = (n: number) =>
      [...document.querySelectorAll('[data-testid="msg-assistant"][data-final="true"]')].some((e) => e.textContent?.includes(`"Question number ${n}"`));
    for (let i = 1; i <= 110; i++) {
      await a.session.sendText({ text: `Question number ${i}` });
      const until = Date.now() + 10_000;
      while (!answered(i)) {
        if (Date.now() > until) throw new Error(`no answer to question ${i}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  });
  const users = page.getByTestId('msg-user');
  const rendered = page.locator('[data-testid="transcript"] > article');
  await expect(rendered).toHaveCount(200);
  await expect(users.first()).toHaveText(/Question number 11$/);
  const earlier = page.getByTestId('show-earlier');
  await expect(earlier).toHaveText('Show 20 earlier of 20');
  await earlier.click();
  await expect(rendered).toHaveCount(220);
  await expect(users.first()).toHaveText(/Question number 1$/);
  await expect(earlier).toHaveCount(0);
  // A new conversation starts from the short window again.
  await page.getByTestId('new-conversation').click();
  await expect(users).toHaveCount(0);
});
