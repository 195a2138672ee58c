/** Small, readable steps the renderer specs share: waiting for states, holding the talk key, reading diagnostics. */
import { expect, type Page } from '@playwright/test';
import type { AudioDiagnostic } from '../../../../src/renderer/src/audio/diagnostics';
import type { Simulator } from '../../../sim/index';
import type { SessionRecord } from '../../../sim/record';

export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('main-screen')).toBeVisible();
}

export async function waitReady(page: Page): Promise<void> {
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'ready', { timeout: 20_000 });
}

/** The warm mic is open and delivering (pre-roll is being kept). */
export async function waitMicOpen(page: Page): Promise<void> {
  await expect(page.getByTestId('mic-level')).toHaveAttribute('aria-label', /Microphone level/, { timeout: 10_000 });
}

export async function diagnostics(page: Page): Promise<AudioDiagnostic[]> {
  return page.evaluate(() => (window as unknown as { __audioDiag: AudioDiagnostic[] }).__audioDiag.slice());
}

export async function clearDiagnostics(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __audioDiag: unknown[] }).__audioDiag.length = 0;
  });
}

export function ofType<T extends AudioDiagnostic['type']>(d: AudioDiagnostic[], type: T): Array<Extract<AudioDiagnostic, { type: T }>> {
  return d.filter((x): x is Extract<AudioDiagnostic, { type: T }> => x.type === type);
}

/** Holds the talk button with the mouse for `ms` (real pointer events, like a user). */
export async function holdTalk(page: Page, ms: number): Promise<void> {
  const box = await page.getByTestId('talk-button').boundingBox();
  if (!box) throw new Error('talk button not visible');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(ms);
  await page.mouse.up();
}

export async function liveSession(sim: Simulator): Promise<SessionRecord> {
  await expect.poll(() => sim.sessions.length, { timeout: 20_000 }).toBeGreaterThan(0);
  return sim.sessions.at(-1)!;
}

export function clientEvents(s: SessionRecord, type: string): Array<{ wall: number; event: Record<string, unknown> }> {
  return s.clientEvents
    .filter((e) => (e.event as { type?: string } | null)?.type === type)
    .map((e) => ({ wall: e.wall, event: e.event as Record<string, unknown> }));
}

/** The first assistant audio item of the session, once its response is done (so it is complete). */
export async function answerAudio(s: SessionRecord): Promise<{ itemId: string; samples: number }> {
  await expect.poll(() => s.serverEventsOfType('response.done').length, { timeout: 15_000 }).toBeGreaterThan(0);
  const first = [...s.outputAudio.entries()][0];
  if (!first) throw new Error('the simulator sent no assistant audio');
  return { itemId: first[0], samples: first[1].length / 2 };
}

/** Waits until the player has reported exactly `samples` played for `itemId`. */
export async function expectPlayed(page: Page, itemId: string, samples: number): Promise<void> {
  await expect
    .poll(async () => ofType(await diagnostics(page), 'played').filter((p) => p.itemId === itemId).at(-1)?.samples, { timeout: 15_000 })
    .toBe(samples);
}

/**
 * A screenshot of a whole screen kept as a test artifact. The settings and onboarding screens
 * scroll inside their own container (the window never scrolls), so `fullPage` would capture one
 * viewport: the viewport is grown to the tallest scroller's content for the shot, then restored.
 */
export async function screenshotScreen(page: Page, name: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 720 };
  const height = await page.evaluate(() => Math.max(document.documentElement.scrollHeight, ...Array.from(document.querySelectorAll('*'), (e) => e.scrollHeight)));
  await page.setViewportSize({ width: size.width, height: Math.min(6000, Math.max(size.height, height)) });
  await page.screenshot({ path: `test/artifacts/screenshots/${name}.png` });
  await page.setViewportSize(size);
}
