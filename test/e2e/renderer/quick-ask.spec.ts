/**
 * The quick-ask launcher (src/renderer/quick, served at /__quick/ like app:// serves it) through
 * the test host, the real core and the simulator: its own conversation (a second realtime session,
 * not the main one), Enter / Shift+Enter / Esc, the draft kept over a hide, safe Markdown with
 * copyable code, a preset with real clipboard context (X11), and Continue carrying the same item
 * ids into the main window.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixture';
import { clientEvents, openApp, waitReady } from './support/page-helpers';
import type { Simulator, SessionRecord } from '../../sim/index';
import type { TestHost } from '../../host/index';

async function openQuick(page: Page, host: TestHost, pageErrors: string[]): Promise<Page> {
  const quick = await page.context().newPage();
  quick.on('pageerror', (e) => pageErrors.push(String(e)));
  await quick.goto(`${host.url}__quick/index.html`);
  await host.controller.quick.open();
  await expect(quick.locator('#q')).toBeFocused();
  return quick;
}

/** The simulator session whose user typed `text` (the launcher's, not the main window's). */
async function sessionWith(sim: Simulator, text: string): Promise<SessionRecord> {
  const texts = (s: SessionRecord) =>
    clientEvents(s, 'conversation.item.create').flatMap((e) => ((e.event.item as { content?: Array<{ text?: string }> }).content ?? []).map((c) => c.text ?? ''));
  const find = () => sim.sessions.find((s) => texts(s).some((t) => t.includes(text)));
  await expect.poll(() => Boolean(find()), { timeout: 15_000 }).toBe(true);
  return find()!;
}

test('a typed question is answered in the launcher, in its own conversation, text only', async ({ page, host, sim, pageErrors }) => {
  await openApp(page, host.url);
  await waitReady(page);
  const quick = await openQuick(page, host, pageErrors);
  expect(host.quickWindow.visible).toBe(true);

  // Shift+Enter is a new line, Enter sends.
  await quick.locator('#q').pressSequentially('What is the capital');
  await quick.locator('#q').press('Shift+Enter');
  await quick.locator('#q').pressSequentially('of France?');
  await expect(quick.locator('#q')).toHaveValue('What is the capital\nof France?');
  await quick.locator('#q').press('Enter');
  await expect(quick.locator('#answer')).toContainText('You said: "What is the capital of France?"', { timeout: 15_000 });
  await expect(quick.locator('#q')).toHaveValue('');
  await expect(quick.getByTestId('act-copy')).toBeVisible();

  // Its own session: text only, no audio, and the main window's conversation is untouched.
  const session = await sessionWith(sim, 'What is the capital\nof France?');
  const create = clientEvents(session, 'response.create').at(-1)!;
  expect((create.event.response as { output_modalities?: string[] } | undefined)?.output_modalities).toEqual(['text']);
  expect(session.outputAudio.size).toBe(0);
  expect(sim.sessions.length).toBe(2);
  await expect(page.getByTestId('msg-user')).toHaveCount(0);

  // Copy puts the answer on the clipboard.
  await quick.getByTestId('act-copy').click();
  expect(host.quickCopied.at(-1)).toBe('You said: "What is the capital\nof France?".');
  expect(pageErrors).toEqual([]);
});

test('Esc clears, a second Esc hides; a blur hides but keeps the draft', async ({ page, host, pageErrors }) => {
  const quick = await openQuick(page, host, pageErrors);
  await quick.locator('#q').fill('half a thought');
  await expect.poll(() => host.controller.quick.state().draft).toBe('half a thought');

  // A click elsewhere: hidden, the draft kept, back in the input on the next open.
  host.controller.quick.onBlur();
  await expect.poll(() => host.quickWindow.visible).toBe(false);
  await host.controller.quick.open();
  await expect(quick.locator('#q')).toHaveValue('half a thought');
  await expect(quick.locator('#q')).toBeFocused();

  await quick.locator('#q').press('Escape');
  await expect(quick.locator('#q')).toHaveValue('');
  expect(host.quickWindow.visible).toBe(true);
  await quick.locator('#q').press('Escape');
  await expect.poll(() => host.quickWindow.visible).toBe(false);
  expect(host.controller.quick.state().draft).toBe('');
});

test.describe('with a Markdown answer holding markup', () => {
  const reply = 'Run this:\n\n```sh\nnpm ci\n```\n\n<script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2"> **done**';
  test.use({ simQuery: `sim_reply=${encodeURIComponent(reply)}` });

  test('is rendered safely: markup stays text, code blocks have a copy button', async ({ page, host, pageErrors }) => {
    const quick = await openQuick(page, host, pageErrors);
    await quick.locator('#q').fill('How do I install?');
    await quick.locator('#q').press('Enter');
    await expect(quick.locator('#answer pre code')).toHaveText('npm ci', { timeout: 15_000 });
    await expect(quick.locator('#answer')).toContainText('<script>window.__pwned = 1</script>');
    await expect(quick.locator('#answer strong')).toHaveText('done');
    expect(await quick.locator('#answer script, #answer img').count()).toBe(0);
    expect(await quick.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await quick.getByTestId('code-copy').click();
    await expect.poll(() => host.quickCopied.at(-1)).toBe('npm ci');
    expect(pageErrors).toEqual([]);
  });
});

test('Continue moves the exchange into the main window with the same item ids', async ({ page, host, sim, pageErrors }) => {
  await openApp(page, host.url);
  await waitReady(page);
  const quick = await openQuick(page, host, pageErrors);
  await quick.locator('#q').fill('Remember the number 42.');
  await quick.locator('#q').press('Enter');
  await expect(quick.getByTestId('act-continue')).toBeVisible({ timeout: 15_000 });
  const quickIds = host.controller.quick.state().entries.map((e) => e.id);
  expect(quickIds).toHaveLength(2);

  await quick.getByTestId('act-continue').click();
  await expect(page.getByTestId('msg-user')).toContainText('Remember the number 42.');
  await expect(page.getByTestId('msg-assistant')).toContainText('You said: "Remember the number 42.".');
  const mainIds = (await page.evaluate(() => window.assistant.conversation.list())).map((e) => e.id);
  expect(mainIds).toEqual(quickIds);
  expect(host.quickWindow.visible).toBe(false);

  // The main session now holds the exchange as history, and the next turn there follows it.
  const mainSession = sim.sessions.find((s) => !clientEvents(s, 'response.create').length)!;
  const created = clientEvents(mainSession, 'conversation.item.create').map((e) => JSON.stringify(e.event.item));
  expect(created.some((c) => c.includes('Remember the number 42.'))).toBe(true);
  await page.getByTestId('text-input').fill('Which number?');
  await page.getByTestId('text-input').press('Enter');
  await expect(page.getByTestId('msg-assistant').last()).toContainText('Which number?', { timeout: 15_000 });
  const ids = (await page.evaluate(() => window.assistant.conversation.list())).map((e) => e.id);
  expect(ids.slice(0, 2)).toEqual(quickIds);
  expect(ids).toHaveLength(4);
  // The launcher starts afresh.
  expect(host.controller.quick.state().entries).toEqual([]);
});

test.describe('presets with context', () => {
  test.skip(!process.env.DISPLAY, 'needs an X display for the clipboard (run under xvfb-run)');
  test.use({
    hostOptions: {
      settings: { onboardingDone: true, quick: { spokenByDefault: false, presets: [{ id: 'explain-clip', name: 'Explain clipboard', template: 'Explain this code:\n\n{clipboard}' }] } },
    },
  });
  let owner: ChildProcess | undefined;
  test.afterEach(() => owner?.kill());

  test('a preset shows the clipboard text as a removable chip, then sends exactly that', async ({ page, host, sim, pageErrors }) => {
    const clip = 'const answer = 6 * 7; // clipboard ✓';
    owner = spawn('xclip', ['-selection', 'clipboard', '-i', '-quiet'], { stdio: ['pipe', 'ignore', 'ignore'] });
    owner.stdin!.end(clip);
    await expect.poll(() => execFileSync('xclip', ['-selection', 'clipboard', '-o', '-target', 'UTF8_STRING']).toString()).toBe(clip);

    const quick = await openQuick(page, host, pageErrors);
    await quick.getByTestId('preset-explain-clip').click();
    await expect(quick.getByTestId('context-chip')).toHaveAttribute('data-kind', 'clipboard');
    await expect(quick.getByTestId('context-preview')).toHaveText(clip);
    // Removing the chip and picking the preset again: nothing is sent that the user did not see.
    await quick.getByTestId('context-remove').click();
    await expect(quick.getByTestId('context-chip')).toHaveCount(0);
    await quick.getByTestId('preset-explain-clip').click();
    await expect(quick.getByTestId('context-preview')).toHaveText(clip);
    await quick.locator('#q').fill('Briefly.');
    await quick.locator('#q').press('Enter');
    await expect(quick.locator('#answer')).toContainText('You said', { timeout: 15_000 });
    const session = await sessionWith(sim, clip);
    const item = clientEvents(session, 'conversation.item.create')[0]!.event.item as { content: Array<{ type: string; text: string }> };
    expect(item.content).toEqual([{ type: 'input_text', text: `Explain this code:\n\n${clip}\n\nBriefly.` }]);
    // Reading it changed nothing.
    expect(execFileSync('xclip', ['-selection', 'clipboard', '-o', '-target', 'UTF8_STRING']).toString()).toBe(clip);
  });
});
