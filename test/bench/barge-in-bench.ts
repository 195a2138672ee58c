/**
 * Barge-in latency on the real PulseAudio loop (`npm run bench -- --barge-in [--rounds N] [--json]`):
 * the real app plays a long hands-free answer on "speakers" (the loop's sink is the microphone's
 * source, Chromium's echo canceller on), and mid-answer a recorded user talks over it. The figure is
 * speech onset → playback flushed, where onset is when the microphone delivered the user's first
 * loud 10 ms (a test tap beside the capture worklet, test/e2e/renderer/support/mic-tap.ts), so the
 * loop's own sink→source latency is not counted: a real microphone has a few ms.
 *
 * Goal (issue "echo-free hands-free"): p95 ≤ 300 ms. The openings vary on purpose: a first word
 * shorter than the gate's `bargeInMs` (250 ms span of voice, 200 ms of it loud) waits for the next word.
 * The last line with --json is one JSON object.
 */
import { startTestHost } from '../host/index';
import { openLoopPage } from './loop-page';
import { startSimulator } from '../sim/index';
import { startAudioLoop, pulseAudioAvailable } from '../e2e/renderer/support/audio-loop';
import { installMicTap, micTapScripts, micTapWallOf, readMicTap } from '../e2e/renderer/support/mic-tap';
import { makeSpeechWav } from '../e2e/renderer/support/speech';
import { LONG_ANSWER } from '../e2e/renderer/support/long-answer';
import type { AudioDiagnostic } from '../../src/renderer/src/audio/diagnostics';
import { summarize } from './stats';
import { diagnostics } from '../e2e/renderer/support/page-helpers';
import { firstLoud } from '../e2e/renderer/support/waveform';
import { waitFor } from '../support/wait-for';

const args = process.argv.slice(2);
const json = args.includes('--json');
const rounds = Math.max(1, Number(args[args.indexOf('--rounds') + 1]) || 12);
const log = (...a: unknown[]) => {
  if (!json) console.log(...a);
};

const OPENINGS = ['Stop, please.', 'Wait, stop. What about the weekend?', 'Hold on, I have a question.', 'Actually, tell me about Friday.'];



async function main(): Promise<void> {
  if (!pulseAudioAvailable()) throw new Error('the barge-in bench needs pulseaudio and pulseaudio-utils (apt-get install -y pulseaudio pulseaudio-utils)');
  const fixtures = OPENINGS.map((text) => ({ text, wav: makeSpeechWav(text, { leadMs: 0, trailMs: 300 }) }));
  const loop = await startAudioLoop();
  const sim = await startSimulator({ port: 0 });
  const host = await startTestHost({
    settings: { onboardingDone: true, mode: 'hands-free' },
    simulatorUrl: `${sim.url}?sim_pacing=realtime&sim_reply=${encodeURIComponent(LONG_ANSWER)}`,
    simulatorKey: sim.key,
    extraScripts: micTapScripts,
  });
  const browser = await loop.launchChromium();
  const figures: Array<{ opening: string; ms: number }> = [];
  let missed = 0;
  try {
    const page = await openLoopPage(browser, host, installMicTap);
    const session = sim.sessions.at(-1)!;
    for (let n = 0; n < rounds; n++) {
      const { text, wav } = fixtures[n % fixtures.length]!;
      const diag0 = await diagnostics(page);
      const startsBefore = diag0.filter((d) => d.type === 'play-started').length;
      const flushBefore = diag0.filter((d) => d.type === 'flushed').length;
      const createdBefore = session.serverEventsOfType('response.created').length;
      await page.getByTestId('text-input').fill(`Question ${n + 1}: what is the weather this week?`);
      await page.getByTestId('text-input').press('Enter');
      await waitFor(async () => (await diagnostics(page)).filter((d) => d.type === 'play-started').length > startsBefore, 20_000, 'the answer to start');
      const itemId = (await diagnostics(page)).filter((d): d is Extract<AudioDiagnostic, { type: 'play-started' }> => d.type === 'play-started').at(-1)!.itemId;
      // Past the echo canceller's ~2 s convergence, into the answer (as a user would interrupt).
      await waitFor(async () => {
        const played = (await diagnostics(page)).filter((d): d is Extract<AudioDiagnostic, { type: 'played' }> => d.type === 'played' && d.itemId === itemId).at(-1);
        return (played?.samples ?? 0) > 4 * 24_000;
      }, 20_000, 'four seconds of the answer');
      const before = (await readMicTap(page)).samples.length;
      const user = await loop.playUser(wav.path);
      const stopped = await waitFor(async () => (await diagnostics(page)).filter((d) => d.type === 'flushed').length > flushBefore, 5_000, 'the interruption')
        .then(() => true)
        .catch(() => false);
      await user.done;
      if (!stopped) {
        missed++;
        log(`round ${n + 1} "${text}": not interrupted`);
      } else {
        const flushed = (await diagnostics(page)).filter((d): d is Extract<AudioDiagnostic, { type: 'flushed' }> => d.type === 'flushed')[flushBefore]!;
        const tap = await readMicTap(page);
        const onset = await micTapWallOf(page, firstLoud(tap.samples, tap.rate, before));
        const ms = Math.round(flushed.at - onset);
        figures.push({ opening: text, ms });
        log(`round ${n + 1} "${text}": playback stopped ${ms} ms after speech onset`);
      }
      // The user's words become a turn with its own long answer: stop it (the Stop button) so the
      // next round starts from quiet.
      await waitFor(() => session.serverEventsOfType('response.created').length > createdBefore + 1, 10_000, 'the user turn').catch(() => undefined);
      await page.getByTestId('stop').click({ timeout: 3_000 }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 1500));
    }
    await page.context().close();
  } finally {
    await browser.close();
    await host.close();
    await sim.close();
    await loop.stop();
  }
  const ms = figures.map((f) => f.ms);
  const all = summarize(ms);
  const byOpening = Object.fromEntries(OPENINGS.map((o) => [o, figures.filter((f) => f.opening === o).map((f) => f.ms)]));
  const result = {
    barge_in_rounds: rounds,
    barge_in_missed: missed,
    barge_in_p50_ms: all.p50,
    barge_in_p95_ms: all.p95,
    barge_in_max_ms: Math.max(...ms),
    barge_in_by_opening: byOpening,
    barge_in_goal_met: missed === 0 && all.p95 <= 300,
  };
  if (!json) console.table(byOpening);
  console.log(json ? JSON.stringify(result) : `barge-in p50 ${result.barge_in_p50_ms} ms, p95 ${result.barge_in_p95_ms} ms, missed ${missed}/${rounds}; goal (p95 ≤ 300 ms): ${result.barge_in_goal_met ? 'met' : 'NOT met'}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
