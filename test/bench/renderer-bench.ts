/**
 * Latency benchmark of the real renderer in Chromium, through the test host and the realtime core,
 * against the simulator. Run by `npm run bench` (scripts/bench.mjs). Per push-to-talk turn:
 *
 *   ptt_release_to_commit_ms  end of the release tail (the renderer's last tail sample, capture clock)
 *                             → input_audio_buffer.commit received by the simulator
 *   first_audio_out_ms        first audio of an answer handed to the renderer by main (the core has
 *                             decoded the first response.output_audio.delta) → its first sample
 *                             leaving the player worklet
 *   capture_to_wire_ms        capture time of a live frame's FIRST sample → its append received by the
 *                             simulator (so it includes the frame's own duration, frameMs)
 *
 * `--frame-ms N` measures with another capture frame length (capture_to_wire_ms includes one frame).
 * Renderer times come from its audio diagnostics events, simulator times from its records; both
 * are Date.now() on the same machine. Prints a table, and with --json one JSON object as the last line.
 *
 * Then a memory soak (test/bench/memory-soak.ts; `--soak-turns N`, default 800, `--no-soak` to skip):
 * main and renderer heap at start, after warm-up and at the end, under the JSON's "memory" key.
 */
import { chromium, type Page } from '@playwright/test';
import { startTestHost } from '../host/index';
import { startSimulator } from '../sim/index';
import type { SessionRecord } from '../sim/record';
import { authorizeContext, CHROMIUM_ARGS } from '../e2e/fixtures/host-fixture';
import { makeSpeechWav } from '../e2e/renderer/support/speech';
import type { AudioDiagnostic } from '../../src/renderer/src/audio/diagnostics';
import { summarize } from './stats';
import { waitFor } from '../support/wait-for';
import { reportSoak, runSoak, type SoakResult } from './memory-soak';

const args = process.argv.slice(2);
const json = args.includes('--json');
/** p95 over fewer than 20 turns says little: that is the floor. */
const MIN_TURNS = 20;
const turns = Math.max(MIN_TURNS, Number(args[args.indexOf('--turns') + 1]) || 25);
const holdMs = 700;
/** `--frame-ms N` (20–100): the capture frame length to measure with; the app's default is 40. */
const frameMs = Math.min(100, Math.max(20, Number(args[args.indexOf('--frame-ms') + 1]) || 40));
/**
 * `--pacing fast|realtime`: how the simulator streams an answer. `fast` (default) sends the whole
 * answer as fast as the socket takes it; `realtime` sends 500 ms ahead and then at speaking pace,
 * as a streaming TTS does.
 */
const pacing = args.includes('--pacing') && args[args.indexOf('--pacing') + 1] === 'realtime' ? 'realtime' : 'fast';
const soakTurns = args.includes('--no-soak') ? 0 : Number(args[args.indexOf('--soak-turns') + 1]) || 800;
const log = (...a: unknown[]) => {
  if (!json) console.log(...a);
  else console.error(...a);
};

const outLog: Array<[string, number]> = [];
async function main(): Promise<void> {
  const speech = makeSpeechWav('Testing one two three, the quick brown fox.', { leadMs: 100, trailMs: 100 });
  const sim = await startSimulator({ port: 0, pacing });
  const host = await startTestHost({ simulatorUrl: sim.url, simulatorKey: sim.key, settings: { onboardingDone: true, audio: { frameMs } } });
  // Main's side of first_audio_out_ms: an observer on main's audio channel (it delivers nothing).
  const firstOutAtMain = new Map<string, number>();
  host.controller.attachAudio((m) => {
    if (m.kind === 'out' && !firstOutAtMain.has(m.itemId)) firstOutAtMain.set(m.itemId, Date.now());
    if (process.env.BENCH_TRACE && m.kind === 'out') outLog.push([m.itemId, Date.now()]);
    return false;
  });
  // The file loops (no %noloop): every turn has speech to send, whatever its length.
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, `--use-file-for-fake-audio-capture=${speech.path}`],
  });
  try {
    const context = await browser.newContext();
    await authorizeContext(context, host);
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __audioDiag: unknown[]; __pressAt: number[] };
      w.__audioDiag = [];
      w.__pressAt = [];
      window.addEventListener('assistant-audio-diagnostic', (e) => w.__audioDiag.push((e as CustomEvent).detail));
      window.addEventListener('pointerdown', () => w.__pressAt.push(Date.now()), true);
    });
    await page.goto(host.url);
    await page.locator('[data-testid="status"][data-status="ready"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="mic-level"][aria-label^="Microphone level"]').waitFor({ timeout: 10_000 });
    const session = sim.sessions.at(-1)!;
    const box = (await page.getByTestId('talk-button').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);

    // BENCH_TRACE=file.json: a Chromium timeline trace of the measured turns (where the page's time goes).
    if (process.env.BENCH_TRACE) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    for (let t = 1; t <= turns; t++) {
      await page.mouse.down();
      await page.waitForTimeout(holdMs);
      await page.mouse.up();
      await waitFor(() => session.serverEventsOfType('response.done').length >= t, 15_000, `response ${t}`);
      await waitPlayedOut(page, session, t);
      await page.waitForTimeout(150);
      log(`turn ${t}/${turns} done`);
    }
    if (process.env.BENCH_TRACE) {
      const fs = await import('node:fs');
      fs.writeFileSync(process.env.BENCH_TRACE, await browser.stopTracing());
      fs.writeFileSync(`${process.env.BENCH_TRACE}.diag.json`, JSON.stringify({ diag: await diagnostics(page), outLog }));
    }
    const result = measure(await diagnostics(page), session, await page.evaluate(() => (window as unknown as { __pressAt: number[] }).__pressAt), firstOutAtMain);
    await context.close();
    let memory: SoakResult | undefined;
    if (soakTurns > 0) {
      // The warm-up fills the lists up to their caps (500 entries ≈ 250 turns), so the growth measured
      // after it is what an all-day session adds per turn.
      memory = await runSoak(browser, { turns: soakTurns, warmupTurns: Math.min(300, Math.floor(soakTurns / 2)), voiceEvery: 100, log });
    }
    report(result, turns, memory);
  } finally {
    await browser.close();
    await host.close();
    await sim.close();
  }
}

async function diagnostics(page: Page): Promise<AudioDiagnostic[]> {
  return page.evaluate(() => (window as unknown as { __audioDiag: AudioDiagnostic[] }).__audioDiag.slice());
}

/**
 * Waits until the player reported every sample of turn `t`'s answer as played. The page answers
 * with one number: copying the whole diagnostics log out on every poll would itself keep the
 * page's main thread busy for tens of milliseconds (a timeline trace showed it), and the bench
 * would measure its own polling.
 */
async function waitPlayedOut(page: Page, session: SessionRecord, t: number): Promise<void> {
  const items = [...session.outputAudio.entries()];
  const [itemId, pcm] = items[t - 1] ?? items.at(-1)!;
  await waitFor(async () => {
    const samples = await page.evaluate((id) => {
      const d = (window as unknown as { __audioDiag: Array<{ type: string; itemId?: string; samples?: number }> }).__audioDiag;
      for (let i = d.length - 1; i >= 0; i--) if (d[i]!.type === 'played' && d[i]!.itemId === id) return d[i]!.samples;
      return undefined;
    }, itemId);
    return samples === pcm.length / 2;
  }, 20_000, `playback ${t}`);
}

function measure(diag: AudioDiagnostic[], session: SessionRecord, pressAt: number[], firstOutAtMain: Map<string, number>) {
  const of = <T extends AudioDiagnostic['type']>(type: T) => diag.filter((d): d is Extract<AudioDiagnostic, { type: T }> => d.type === type);
  const commits = session.clientEvents.filter((e) => (e.event as { type?: string } | null)?.type === 'input_audio_buffer.commit');
  const releaseToCommit = of('mic-end').map((e, i) => (commits[i] ? commits[i]!.wall - e.tailEndAt : NaN));
  // Where the time goes: inside the page (tail end → mic-end posted) and after it (→ commit on the wire).
  const tailToPost = of('mic-end').map((e) => e.postedAt - e.tailEndAt);
  const postToCommit = of('mic-end').map((e, i) => (commits[i] ? commits[i]!.wall - e.postedAt : NaN));

  const firstAudio = of('play-started').map((s) => s.at - (firstOutAtMain.get(s.itemId) ?? NaN));
  // Its parts: main → the renderer's main thread (the bridge), then → the first sample out of the player worklet.
  const firstReceived = new Map<string, number>();
  for (const r of of('out-received')) if (!firstReceived.has(r.itemId)) firstReceived.set(r.itemId, r.at);
  const mainToPage = [...firstReceived].map(([id, at]) => at - (firstOutAtMain.get(id) ?? NaN));
  const pageToPlayed = of('play-started').map((s) => s.at - (firstReceived.get(s.itemId) ?? NaN));
  // For context: the simulator's send of that first delta → main handing it on (loopback + decode).
  const firstDeltaSentAt = new Map<string, number>();
  for (const d of session.serverEvents) {
    if (d.event.type !== 'response.output_audio.delta') continue;
    const id = String(d.event.item_id);
    if (!firstDeltaSentAt.has(id)) firstDeltaSentAt.set(id, d.wall);
  }
  const deltaSentToMain = [...firstOutAtMain].map(([id, at]) => at - (firstDeltaSentAt.get(id) ?? NaN));

  // Frames map onto the simulator's input byte stream in order (main forwards each frame as one append).
  const frames = of('mic-frame');
  const captureToWire: number[] = [];
  const captureToWireLast: number[] = [];
  const frameToPost: number[] = [];
  const frameToWorklet: number[] = [];
  const workletToPost: number[] = [];
  const postToWire: number[] = [];
  let offset = 0;
  let a = 0;
  const appends = session.appends;
  for (const f of frames) {
    const lastByte = offset + f.samples * 2 - 1;
    offset += f.samples * 2;
    while (a < appends.length && appends[a]!.offset + appends[a]!.bytes <= lastByte) a++;
    const append = appends[a];
    if (!append) break;
    // Pre-roll frames were captured before the key went down: their wait is the point of pre-roll.
    const press = pressAt[f.turnId - 1] ?? Infinity;
    if (f.capturedAt < press) continue;
    captureToWire.push(append.wall - f.capturedAt);
    captureToWireLast.push(append.wall - (f.capturedAt + (f.samples / 24_000) * 1000));
    frameToPost.push(f.postedAt - (f.capturedAt + (f.samples / 24_000) * 1000));
    frameToWorklet.push(f.completedAt - (f.capturedAt + (f.samples / 24_000) * 1000));
    workletToPost.push(f.postedAt - f.completedAt);
    postToWire.push(append.wall - f.postedAt);
  }
  const sentBytes = frames.reduce((n, f) => n + f.samples * 2, 0);
  return {
    ptt_release_to_commit_ms: summarize(releaseToCommit),
    first_audio_out_ms: summarize(firstAudio),
    capture_to_wire_ms: summarize(captureToWire),
    capture_to_wire_last_sample_ms: summarize(captureToWireLast),
    breakdown: {
      tail_end_to_mic_end_posted_ms: summarize(tailToPost),
      mic_end_posted_to_commit_ms: summarize(postToCommit),
      frame_complete_to_posted_ms: summarize(frameToPost),
      frame_end_to_worklet_post_ms: summarize(frameToWorklet),
      worklet_post_to_main_thread_ms: summarize(workletToPost),
      frame_posted_to_wire_ms: summarize(postToWire),
      first_delta_sent_to_main_ms: summarize(deltaSentToMain),
      first_out_main_to_page_ms: summarize(mainToPage),
      first_out_page_to_played_ms: summarize(pageToPlayed),
    },
    frames_sent_bytes: sentBytes,
    simulator_received_bytes: session.inputAudio.length,
  };
}

function report(r: ReturnType<typeof measure>, turns: number, memory: SoakResult | undefined): void {
  const goals: Record<string, number> = { ptt_release_to_commit_ms: 10, first_audio_out_ms: 20, capture_to_wire_ms: 45, capture_to_wire_last_sample_ms: 8 };
  log('\nmetric                          p50      p95      n    goal(p95)');
  for (const k of ['ptt_release_to_commit_ms', 'first_audio_out_ms', 'capture_to_wire_ms', 'capture_to_wire_last_sample_ms'] as const) {
    const s = r[k];
    log(`${k.padEnd(31)} ${String(s.p50).padStart(6)}   ${String(s.p95).padStart(6)}   ${String(s.n).padStart(4)}    ${goals[k] ? `≤ ${goals[k]}` : '-'}`);
  }
  for (const [k, s] of Object.entries(r.breakdown)) log(`  ${k.padEnd(33)} ${String(s.p50).padStart(6)}   ${String(s.p95).padStart(6)}   ${String(s.n).padStart(4)}`);
  for (const k of ['ptt_release_to_commit_ms', 'first_audio_out_ms'] as const) {
    if (r[k].n < turns) log(`warning: ${k} measured for ${r[k].n} of ${turns} turns (a turn's markers were missing)`);
  }
  if (r.frames_sent_bytes !== r.simulator_received_bytes) log(`warning: renderer sent ${r.frames_sent_bytes} B, simulator received ${r.simulator_received_bytes} B`);
  if (memory) reportSoak(memory, log);
  if (json) console.log(JSON.stringify({ turns, frameMs, tailMs: 150, ...r, ...(memory ? { memory } : {}) }));
}


main().catch((err) => {
  console.error(err);
  process.exit(1);
});
