/**
 * `npm run bench -- --soak [--soak-minutes 60] [--json]`: an hour of hands-free use through the real
 * renderer in Chromium, the test host (main's controller, realtime core and tools, in a process of
 * its own: soak-host.ts) and the simulator (another process). The fake microphone loops a spoken
 * question with pauses, so the server's voice detection takes a turn every few seconds; every
 * answer is a tool call (get_datetime) followed by a spoken reply; halfway through, the simulator
 * drops the socket and the app reconnects. Each minute: RSS and heap of main, RSS and JS heap of
 * the renderer. Goals: growth ≤ 20 MB over the hour in each, and no per-turn growth after warm-up.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { authorizeContext, CHROMIUM_ARGS } from '../e2e/fixtures/host-fixture';
import type { TestHost } from '../host/index';
import { makeSpeechWav } from '../e2e/renderer/support/speech';
import { startSimProcess } from './memory-soak';

const args = process.argv.slice(2);
const json = args.includes('--json');
const minutes = Number(args[args.indexOf('--soak-minutes') + 1]) || 60;
const log = (...a: unknown[]) => (json ? console.error(...a) : console.log(...a));
const MB = 2 ** 20;

interface MinuteSample {
  minute: number;
  turns: number;
  main_rss_mb: number;
  main_heap_mb: number;
  renderer_rss_mb: number;
  renderer_heap_mb: number;
  /** Blink's own counters: a DOM that grows per turn shows here, not in the JS heap. */
  dom_nodes: number;
  js_listeners: number;
}

function startHostProcess(opts: object): Promise<{ url: string; cookie: TestHost['cookie']; sample(): Promise<{ rss: number; heapUsed: number }>; close(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'soak-host.ts'), JSON.stringify(opts)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`soak host exited (${code})`)));
    child.once('message', (m: { url?: string; cookie?: TestHost['cookie'] }) => {
      if (!m.url || !m.cookie) return reject(new Error('soak host sent no URL or cookie'));
      resolve({
        url: m.url,
        cookie: m.cookie,
        sample: () => new Promise((r) => {
          child.once('message', (x) => r(x as { rss: number; heapUsed: number }));
          child.send('sample');
        }),
        close: () => new Promise((r) => {
          child.removeAllListeners('exit');
          child.once('exit', () => r());
          child.send('close');
          setTimeout(() => child.kill('SIGKILL'), 5000).unref();
        }),
      });
    });
  });
}

/** Least-squares slope of y over x (growth per turn). */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    den += ((xs[i] as number) - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function main(): Promise<void> {
  const speech = makeSpeechWav('What is on my calendar for tomorrow morning?', { leadMs: 300, trailMs: 6000 });
  const sim = await startSimProcess();
  const simHttp = sim.url.replace(/^ws/, 'http').replace(/\/api\/.*$/, '');
  const host = await startHostProcess({
    simulatorUrl: `${sim.url}?sim_scenario=tool-call&sim_tool=get_datetime`,
    simulatorKey: sim.key,
    settings: { onboardingDone: true, mode: 'hands-free' },
  });
  // The file loops (no %noloop): the "user" keeps asking, with pauses, for the whole hour.
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [...CHROMIUM_ARGS, `--use-file-for-fake-audio-capture=${speech.path}`] });
  const samples: MinuteSample[] = [];
  let reconnected = false;
  try {
    const context = await browser.newContext();
    await authorizeContext(context, host);
    const page = await context.newPage();
    await page.goto(host.url);
    await page.locator('[data-testid="status"][data-status="ready"]').waitFor({ timeout: 30_000 });
    await page.evaluate(() => {
      const w = window as unknown as { __turns: number; assistant: { turn: { onMetrics(l: () => void): void } } };
      w.__turns = 0;
      w.assistant.turn.onMetrics(() => w.__turns++);
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const browserCdp = await browser.newBrowserCDPSession();
    const rendererRss = async (): Promise<number> => {
      const { processInfo } = (await browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; id: number }> };
      let max = 0;
      for (const p of processInfo.filter((x) => x.type === 'renderer')) {
        try {
          const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p.id}/status`, 'utf8'))?.[1] ?? 0);
          max = Math.max(max, kb * 1024);
        } catch {}
      }
      return max;
    };
    const sample = async (minute: number): Promise<MinuteSample> => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const dom = (await cdp.send('Memory.getDOMCounters')) as { nodes: number; jsEventListeners: number };
      const main = await host.sample();
      const s = {
        minute,
        turns: await page.evaluate(() => (window as unknown as { __turns: number }).__turns),
        main_rss_mb: round(main.rss / MB),
        main_heap_mb: round(main.heapUsed / MB, 2),
        renderer_rss_mb: round((await rendererRss()) / MB),
        renderer_heap_mb: round((metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / MB, 2),
        dom_nodes: dom.nodes,
        js_listeners: dom.jsEventListeners,
      };
      log(`minute ${String(minute).padStart(2)}: ${s.turns} turns, main rss ${s.main_rss_mb} MB heap ${s.main_heap_mb} MB, renderer rss ${s.renderer_rss_mb} MB heap ${s.renderer_heap_mb} MB, ${s.dom_nodes} DOM nodes, ${s.js_listeners} listeners`);
      return s;
    };
    samples.push(await sample(0));
    for (let m = 1; m <= minutes; m++) {
      await page.waitForTimeout(60_000);
      if (m === Math.ceil(minutes / 2)) {
        const live = ((await (await fetch(`${simHttp}/__sim/sessions`)).json()) as Array<{ key: string; open: boolean }>).filter((s) => s.open);
        for (const s of live) await fetch(`${simHttp}/__sim/sessions/${encodeURIComponent(s.key)}/drop`, { method: 'POST' });
        // The page may still say "ready" for a moment after the drop: wait for the simulator to see a
        // new session (the reconnect), then for the page to be ready on it.
        for (const until = Date.now() + 60_000; !reconnected && Date.now() < until; ) {
          const after = (await (await fetch(`${simHttp}/__sim/sessions`)).json()) as Array<{ key: string; open: boolean }>;
          reconnected = live.length > 0 && after.some((s) => s.open && !live.some((l) => l.key === s.key));
          if (!reconnected) await page.waitForTimeout(250);
        }
        await page.locator('[data-testid="status"][data-status="ready"]').waitFor({ timeout: 60_000 });
        log(`minute ${m}: dropped the socket; reconnected: ${reconnected}`);
      }
      samples.push(await sample(m));
      // A minute without a turn means the loop stopped (a dead simulator, a stuck session): the
      // memory figures of an idle app are not those of an hour of use, so say so.
      const [prev, cur] = samples.slice(-2) as [MinuteSample, MinuteSample];
      if (cur.turns === prev.turns) log(`warning: minute ${m} took no turn (${cur.turns} so far)`);
    }
  } finally {
    await browser.close();
    await host.close();
    sim.child.kill('SIGTERM');
  }
  // Warm-up: the first tenth of the run (at least 3 minutes) fills caches and the bounded lists.
  const warm = samples[Math.min(samples.length - 1, Math.max(3, Math.round(minutes / 10)))] as MinuteSample;
  const end = samples.at(-1) as MinuteSample;
  const after = samples.filter((s) => s.minute >= warm.minute);
  const perTurnKb = (key: 'main_heap_mb' | 'renderer_heap_mb') =>
    round(slope(after.map((s) => s.turns), after.map((s) => s[key])) * 1024, 2);
  const result = {
    minutes,
    turns: end.turns,
    reconnected,
    idle_minutes: samples.filter((x, i) => i > 0 && x.turns === samples[i - 1]!.turns).length,
    main_rss_growth_mb: round(end.main_rss_mb - (samples[0] as MinuteSample).main_rss_mb),
    main_rss_growth_after_warmup_mb: round(end.main_rss_mb - warm.main_rss_mb),
    renderer_rss_growth_mb: round(end.renderer_rss_mb - (samples[0] as MinuteSample).renderer_rss_mb),
    renderer_rss_growth_after_warmup_mb: round(end.renderer_rss_mb - warm.renderer_rss_mb),
    main_heap_kb_per_turn_after_warmup: perTurnKb('main_heap_mb'),
    renderer_heap_kb_per_turn_after_warmup: perTurnKb('renderer_heap_mb'),
    goals: { rss_growth_mb: 20 },
    samples,
  };
  if (json) console.log(JSON.stringify({ soak: result }));
  else {
    log(`\nhour soak: ${result.turns} hands-free turns in ${minutes} min, reconnected: ${reconnected}`);
    log(`main     RSS growth ${result.main_rss_growth_mb} MB (after warm-up ${result.main_rss_growth_after_warmup_mb} MB), heap ${result.main_heap_kb_per_turn_after_warmup} KB/turn after warm-up`);
    log(`renderer RSS growth ${result.renderer_rss_growth_mb} MB (after warm-up ${result.renderer_rss_growth_after_warmup_mb} MB), heap ${result.renderer_heap_kb_per_turn_after_warmup} KB/turn after warm-up`);
    log('goal: RSS growth ≤ 20 MB in each');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
