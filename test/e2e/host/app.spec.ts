/**
 * The real renderer in Chromium through the test host, against the real AppController, the real
 * realtime core and the simulator: the app loads under the production CSP, and a typed turn gets
 * the simulator's answer on screen.
 */
import { test, expect } from '../fixtures/host-fixture';

test.use({ hostOptions: { settings: { onboardingDone: true } } });

test('the app loads with the bridge and the CSP, without page errors', async ({ page, host, pageErrors }) => {
  const response = await page.goto(host.url);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  const info = await page.evaluate(() => (window as unknown as { assistant: { app: { info(): Promise<unknown> } } }).assistant.app.info());
  expect(info).toMatchObject({ host: 'test-host', demo: true });
  await expect(page.getByTestId('text-input')).toBeVisible();
  // window.assistant is fixed: the page cannot swap the bridge for its own object.
  const replaced = await page.evaluate(() => {
    try {
      (window as unknown as { assistant: unknown }).assistant = {};
    } catch {}
    return typeof (window as unknown as { assistant: { app?: unknown } }).assistant.app;
  });
  expect(replaced).toBe('object');
  expect(pageErrors).toEqual([]);
});

test('a typed turn against the simulator shows the answer', async ({ page, host }) => {
  const finalAnswer = new Promise<string>((resolve) => {
    host.events.subscribe((name, payload) => {
      const e = payload as { kind?: string; role?: string; final?: boolean; text?: string };
      if (name === 'conversation.entry' && e.kind === 'message' && e.role === 'assistant' && e.final && e.text) resolve(e.text);
    });
  });
  await page.goto(host.url);
  await page.getByTestId('text-input').fill('What is the capital of France?');
  await page.getByTestId('send-text').click();
  const answer = await finalAnswer;
  expect(answer.length).toBeGreaterThan(0);
  await expect(page.getByText(answer.slice(0, 40), { exact: false }).first()).toBeVisible();
  await expect(page.getByText('What is the capital of France?').first()).toBeVisible();
});

test('a bad call from the page is a typed BridgeError and the host keeps serving', async ({ page, host }) => {
  await page.goto(host.url);
  const r = await page.evaluate(async () => {
    const api = (window as unknown as { assistant: { session: { sendText(i: unknown): Promise<unknown> }; app: { info(): Promise<unknown> } } }).assistant;
    const err = await api.session.sendText({ text: 42 }).catch((e: { name: string; code: string }) => ({ name: e.name, code: e.code }));
    const ok = await api.app.info();
    return { err, ok };
  });
  expect(r.err).toEqual({ name: 'BridgeError', code: 'bad_payload' });
  expect(r.ok).toMatchObject({ host: 'test-host' });
});
