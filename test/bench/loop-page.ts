/**
 * The app's page in a browser on the audio loop, as the loop benches open it: the host's token
 * cookie set, audio diagnostics collected in `window.__audioDiag`, the session ready and the warm
 * microphone delivering.
 */
import type { Browser, Page } from '@playwright/test';
import { authorizeContext } from '../e2e/fixtures/host-fixture';
import type { TestHost } from '../host/index';

export async function openLoopPage(browser: Browser, host: TestHost, before?: (page: Page) => Promise<void>): Promise<Page> {
  const context = await browser.newContext();
  await authorizeContext(context, host);
  const page = await context.newPage();
  await before?.(page);
  await page.addInitScript(() => {
    const w = window as unknown as { __audioDiag: unknown[] };
    w.__audioDiag = [];
    window.addEventListener('assistant-audio-diagnostic', (e) => w.__audioDiag.push((e as CustomEvent).detail));
  });
  await page.goto(host.url);
  await page.locator('[data-testid="status"][data-status="ready"]').waitFor({ timeout: 20_000 });
  await page.locator('[data-testid="mic-level"][aria-label^="Microphone level"]').waitFor({ timeout: 10_000 });
  return page;
}
