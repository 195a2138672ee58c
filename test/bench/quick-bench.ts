/**
 * Latency of the quick-ask launcher through the test host, the real core and the simulator, in
 * Chromium (run by `npm run bench`, scripts/bench.mjs; `--quick-runs N`, default 30):
 *
 *   quick_ask_hotkey_to_input_ready_ms   the hotkey's handler (controller.openQuickAsk) called →
 *                                        the launcher's input focused by the page (goal p95 ≤ 50)
 *   quick_ask_enter_to_first_text_ms     Enter pressed in the launcher → the answer's first text
 *                                        in the page (goal p95 ≤ 20 + the simulator's own time)
 *   quick_ask_simulator_ms               for the same query: the simulator received the message →
 *                                        it sent the first text delta (its own share of the above)
 *
 * All times are Date.now() on this machine. Prints a table; with --json one JSON object last.
 */
import { chromium } from '@playwright/test';
import { startTestHost } from '../host/index';
import { startSimulator } from '../sim/index';
import { authorizeContext, CHROMIUM_ARGS } from '../e2e/fixtures/host-fixture';
import { summarize } from './stats';

const args = process.argv.slice(2);
const json = args.includes('--json');
const runs = Math.max(20, Number(args[args.indexOf('--quick-runs') + 1]) || 30);
const log = (...a: unknown[]) => (json ? console.error(...a) : console.log(...a));

async function main(): Promise<void> {
  const sim = await startSimulator({ port: 0 });
  const host = await startTestHost({ simulatorUrl: sim.url, simulatorKey: sim.key, settings: { onboardingDone: true } });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const open: number[] = [];
  const enter: number[] = [];
  const simMs: number[] = [];
  try {
    const context = await browser.newContext();
    await authorizeContext(context, host); // the host's per-run token cookie
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __focusAt: number[]; __enterAt: number[]; __textAt: number[] };
      w.__focusAt = [];
      w.__enterAt = [];
      w.__textAt = [];
      document.addEventListener('focusin', (e) => (e.target as HTMLElement).id === 'q' && w.__focusAt.push(Date.now()), true);
      document.addEventListener('keydown', (e) => e.key === 'Enter' && !e.shiftKey && w.__enterAt.push(Date.now()), true);
      new MutationObserver(() => {
        const answer = document.getElementById('answer');
        const text = answer?.querySelector('.md')?.textContent ?? '';
        if (text.includes(`#${w.__enterAt.length}`) && w.__textAt.length < w.__enterAt.length) w.__textAt.push(Date.now());
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(`${host.url}__quick/index.html`);
    await host.controller.openQuickAsk();
    await page.locator('#q').waitFor();
    // Warm-up: the session connects and the page has rendered once.
    await host.controller.quick.ask('warm up', false);
    for (let i = 1; i <= runs; i++) {
      await host.controller.quick.hide('');
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      const before = await page.evaluate(() => (window as unknown as { __focusAt: number[] }).__focusAt.length);
      const t0 = Date.now();
      await host.controller.openQuickAsk();
      // Waited for in the page (each frame), so the wait itself does not load the page's thread.
      await page.waitForFunction((n) => (window as unknown as { __focusAt: number[] }).__focusAt.length > n, before, { timeout: 5000, polling: 'raf' });
      open.push((await page.evaluate(() => (window as unknown as { __focusAt: number[] }).__focusAt.at(-1)!)) - t0);

      await page.locator('#q').fill(`Question #${i}`);
      await page.locator('#q').press('Enter');
      await page.waitForFunction((n) => (window as unknown as { __textAt: number[] }).__textAt.length >= n, i, { timeout: 15_000, polling: 'raf' });
      const [enterAt, textAt] = await page.evaluate(() => {
        const w = window as unknown as { __enterAt: number[]; __textAt: number[] };
        return [w.__enterAt.at(-1)!, w.__textAt.at(-1)!];
      });
      enter.push(textAt - enterAt);
      const session = sim.sessions.at(-1)!;
      const created = session.clientEvents.filter((e) => JSON.stringify(e.event).includes(`Question #${i}"`)).at(-1);
      const firstDelta = session.serverEvents.find((e) => e.wall >= (created?.wall ?? Infinity) && e.event.type === 'response.output_text.delta');
      if (created && firstDelta) simMs.push(firstDelta.wall - created.wall);
    }
  } finally {
    await browser.close();
    await host.close();
    await sim.close();
  }
  const r = {
    quick_ask_hotkey_to_input_ready_ms: summarize(open),
    quick_ask_enter_to_first_text_ms: summarize(enter),
    quick_ask_simulator_ms: summarize(simMs),
  };
  const goals: Record<string, string> = {
    quick_ask_hotkey_to_input_ready_ms: '≤ 50',
    quick_ask_enter_to_first_text_ms: `≤ ${20 + r.quick_ask_simulator_ms.p95} (20 + simulator p95)`,
  };
  log('\nmetric                              p50      p95      n    goal(p95)');
  for (const [k, s] of Object.entries(r)) log(`${k.padEnd(35)} ${String(s.p50).padStart(6)}   ${String(s.p95).padStart(6)}   ${String(s.n).padStart(4)}    ${goals[k] ?? '-'}`);
  if (json) console.log(JSON.stringify({ quick: r }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
