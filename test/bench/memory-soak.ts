/**
 * Memory soak: many turns through the real renderer, test host and realtime core, with the main
 * side's heap (this process, after a forced GC) and the renderer's JS heap (CDP, after
 * HeapProfiler.collectGarbage) sampled at the start, after a warm-up and at the end.
 *
 * The simulator runs in a child process: it records every event of a session for its own tests,
 * and that record must not be counted as the app's growth. Text turns use `app.quickAsk` (a
 * text-only turn, awaited through the bridge); a few push-to-talk turns exercise the audio path.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Browser } from '@playwright/test';
import { startTestHost } from '../host/index';
import { authorizeContext } from '../e2e/fixtures/host-fixture';
import { heapFigures, type HeapFigures, type HeapSample } from './memory';

export interface SoakOptions {
  turns: number;
  warmupTurns: number;
  /** A push-to-talk turn every this many turns (0 = none). */
  voiceEvery: number;
  log: (...a: unknown[]) => void;
}

export interface SoakResult {
  turns: number;
  voice_turns: number;
  duration_s: number;
  main_heap: HeapFigures;
  renderer_heap: HeapFigures;
  renderer_entries: number;
}

const ROOT = join(__dirname, '..', '..');

/** A full GC of this process: `--expose-gc` if given, else enabled at run time (works on Node 20 and 24). */
function mainGc(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export async function startSimProcess(): Promise<{ url: string; key: string; child: ChildProcess }> {
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'test', 'sim', 'cli.ts'), '--port', '0', '--quiet'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('simulator did not start')), 20_000);
    child.once('exit', (code) => reject(new Error(`simulator exited (${code})`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /listening on (\S+)/.exec(out)?.[1];
      const key = /basic key: (\S+)/.exec(out)?.[1];
      if (url && key) {
        clearTimeout(timer);
        resolve({ url, key, child });
      }
    });
  });
}

export async function runSoak(browser: Browser, opts: SoakOptions): Promise<SoakResult> {
  const gc = mainGc();
  const sim = await startSimProcess();
  const host = await startTestHost({ simulatorUrl: sim.url, simulatorKey: sim.key, settings: { onboardingDone: true } });
  const context = await browser.newContext();
  try {
    await authorizeContext(context, host);
    const page = await context.newPage();
    await page.goto(host.url);
    await page.locator('[data-testid="status"][data-status="ready"]').waitFor({ timeout: 20_000 });
    // Counts answered responses in the page, so a voice turn can be awaited (a text turn awaits quickAsk).
    await page.evaluate(() => {
      const w = window as unknown as { __metrics: number; assistant: { turn: { onMetrics(l: () => void): void } } };
      w.__metrics = 0;
      w.assistant.turn.onMetrics(() => w.__metrics++);
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const rendererHeap = async (turns: number): Promise<HeapSample> => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return { bytes: metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN, turns };
    };
    const mainHeap = async (turns: number): Promise<HeapSample> => {
      // Let pending socket/IPC work settle so the sample is not taken mid-turn.
      await new Promise((r) => setTimeout(r, 50));
      gc();
      gc();
      return { bytes: process.memoryUsage().heapUsed, turns };
    };
    const box = (await page.getByTestId('talk-button').boundingBox())!;
    let voice = 0;
    const turn = async (n: number): Promise<void> => {
      if (opts.voiceEvery > 0 && n % opts.voiceEvery === 0) {
        voice++;
        const before = await page.evaluate(() => (window as unknown as { __metrics: number }).__metrics);
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.down();
        await page.waitForTimeout(600);
        await page.mouse.up();
        await page.waitForFunction((b) => (window as unknown as { __metrics: number }).__metrics > b, before, { timeout: 20_000, polling: 20 });
        // Voice answers play out in real time; wait until the player is idle so turns do not overlap.
        await page.waitForTimeout(300);
        await page.locator('[data-testid="status"][data-status="ready"]').waitFor({ timeout: 20_000 });
      } else {
        type Api = { assistant: { app: { quickAsk(i: { text: string }): Promise<unknown> } } };
        await page.evaluate((text) => (window as unknown as Api).assistant.app.quickAsk({ text }), `soak question ${n}`);
      }
    };

    const t0 = Date.now();
    const start = [await mainHeap(0), await rendererHeap(0)] as const;
    for (let n = 1; n <= opts.warmupTurns; n++) await turn(n);
    const warm = [await mainHeap(opts.warmupTurns), await rendererHeap(opts.warmupTurns)] as const;
    opts.log(`soak: warm-up ${opts.warmupTurns} turns done`);
    for (let n = opts.warmupTurns + 1; n <= opts.turns; n++) {
      await turn(n);
      if (n % 50 === 0) opts.log(`soak: turn ${n}/${opts.turns}`);
    }
    const end = [await mainHeap(opts.turns), await rendererHeap(opts.turns)] as const;
    // Rows shown (the transcript's last child is the scroll anchor).
    const entries = (await page.locator('[data-testid="transcript"] > *').count()) - 1;
    return {
      turns: opts.turns,
      voice_turns: voice,
      duration_s: Math.round((Date.now() - t0) / 100) / 10,
      main_heap: heapFigures(start[0], warm[0], end[0]),
      renderer_heap: heapFigures(start[1], warm[1], end[1]),
      renderer_entries: entries,
    };
  } finally {
    await context.close();
    await host.close();
    // Wait for the simulator to go, so its shutdown line never lands after the JSON result.
    const gone = new Promise((r) => sim.child.once('exit', r));
    sim.child.kill('SIGTERM');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 3_000))]);
  }
}

export function reportSoak(r: SoakResult, log: (...a: unknown[]) => void): void {
  log(`\nmemory soak: ${r.turns} turns (${r.voice_turns} voice) in ${r.duration_s} s`);
  log('heap                start_mb   warm_mb   end_mb   growth_kb_per_turn (after warm-up)');
  for (const [k, f] of [['main (node)', r.main_heap], ['renderer (JS)', r.renderer_heap]] as const) {
    log(`${k.padEnd(19)} ${String(f.start_mb).padStart(8)}  ${String(f.warm_mb).padStart(8)}  ${String(f.end_mb).padStart(7)}   ${f.growth_kb_per_turn}`);
  }
}
