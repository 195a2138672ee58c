/**
 * Echo benchmark on the real PulseAudio loop (`npm run bench -- --echo [--json]`, scripts/bench.mjs):
 *
 *   paths               echo_suppression_db / loop_gain_db / user_kept_db per playback path and
 *                       Chromium variant (test/bench/echo-paths.ts: a bare page, AEC on, after 2 s)
 *   self_interruptions  over 10 hands-free answers of the real app on the loop, per barge-in mode:
 *                       answers that were cut (flushed, or not completed) plus speech_started events
 *                       the server sent while an answer played. The chosen mode is "gate" (default).
 *
 * `--answers N` (default 10), `--no-paths` (hands-free part only), `--gate-only` (skip the server-VAD run).
 * Needs pulseaudio + pulseaudio-utils (see .ci/run). The last line with --json is one JSON object.
 */
import { readFileSync } from 'node:fs';
import { startTestHost } from '../host/index';
import { openLoopPage } from './loop-page';
import { startSimulator } from '../sim/index';
import { startAudioLoop, pulseAudioAvailable } from '../e2e/renderer/support/audio-loop';
import type { AudioDiagnostic } from '../../src/renderer/src/audio/diagnostics';
import { measureEchoPaths, type PathFigures } from './echo-paths';
import { diagnostics } from '../e2e/renderer/support/page-helpers';
import { waitFor } from '../support/wait-for';

const args = process.argv.slice(2);
const json = args.includes('--json');
const answers = Math.max(1, Number(args[args.indexOf('--answers') + 1]) || 10);
const log = (...a: unknown[]) => {
  if (!json) console.log(...a);
};

const ANSWER =
  'Tuesday and Wednesday stay dry and mild, around eighteen degrees, with a light breeze from the west. ' +
  'Thursday brings heavier showers and a chance of thunder late in the day.';

interface SelfInterruptions {
  mode: 'gate' | 'server-vad';
  answers: number;
  self_interruptions: number;
  speech_started_during_answers: number;
  /** What each interrupted answer met: the gate's logged decisions say whether it took something for a voice. */
  cuts: Array<{ answer: number; status: string; speech_started: number; gate: string[] }>;
}

/** The host log's barge-in lines (the gate logs each decision with the run that made it). */
function gateLog(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('barge-in'));
  } catch {
    return [];
  }
}

async function handsFreeAnswers(mode: SelfInterruptions['mode']): Promise<SelfInterruptions> {
  const loop = await startAudioLoop();
  const sim = await startSimulator({ port: 0 });
  const simulatorUrl = `${sim.url}?sim_pacing=realtime&sim_reply=${encodeURIComponent(ANSWER)}`;
  const host = await startTestHost({
    settings: { onboardingDone: true, mode: 'hands-free', ...(mode === 'server-vad' ? { bargeInMs: 0 } : {}) },
    simulatorUrl,
    simulatorKey: sim.key,
  });
  const browser = await loop.launchChromium();
  try {
    const page = await openLoopPage(browser, host);
    const session = sim.sessions.at(-1)!;
    let cut = 0;
    let heard = 0;
    const cuts: SelfInterruptions['cuts'] = [];
    for (let n = 1; n <= answers; n++) {
      const flushBefore = (await diagnostics(page)).filter((d) => d.type === 'flushed').length;
      const gateLinesBefore = gateLog(host.logFile).length;
      const t0 = Date.now();
      const createdBefore = session.serverEventsOfType('response.created').length;
      await page.getByTestId('text-input').fill(`Question ${n}: what is the weather?`);
      await page.getByTestId('text-input').press('Enter');
      // This question's own response (a turn the echo started is another one, judged apart).
      await waitFor(() => session.serverEventsOfType('response.created').length > createdBefore, 10_000, `answer ${n} to start`, 50);
      const responseId = (session.serverEventsOfType('response.created')[createdBefore]!.response as { id: string }).id;
      const doneOf = () => session.serverEventsOfType('response.done').find((e) => (e.response as { id: string }).id === responseId);
      await waitFor(() => !!doneOf(), 30_000, `answer ${n}`, 100);
      const done = doneOf()!.response as { status: string; output?: Array<{ id: string }> };
      const itemId = done.output?.[0]?.id ?? '';
      const total = (session.outputAudio.get(itemId)?.length ?? 0) / 2;
      // Played out, or stopped: either way the answer is over.
      await waitFor(async () => {
        const d = await diagnostics(page);
        const played = d.filter((x): x is Extract<AudioDiagnostic, { type: 'played' }> => x.type === 'played' && x.itemId === itemId).at(-1)?.samples ?? 0;
        return played >= total || d.filter((x) => x.type === 'flushed').length > flushBefore;
      }, 30_000, `playback ${n}`, 100);
      const flushed = (await diagnostics(page)).filter((d) => d.type === 'flushed').length > flushBefore;
      const started = session.serverEvents.filter((e) => e.event.type === 'input_audio_buffer.speech_started' && e.wall >= t0).length;
      if (flushed || done.status !== 'completed') cut++;
      heard += started;
      const why = gateLog(host.logFile).slice(gateLinesBefore);
      log(`${mode} answer ${n}/${answers}: ${done.status}${flushed ? ', stopped' : ''}, speech_started ${started}, played ${total} samples${why.length ? `; ${why.join(' | ')}` : ''}`);
      if (flushed || started) cuts.push({ answer: n, status: done.status, speech_started: started, gate: why });
      // A turn the echo started gets an answer of its own: the user would stop it (the Stop
      // button), so the next question starts from quiet and is not cut by this one.
      await new Promise((r) => setTimeout(r, started ? 1500 : 600));
      if (started) {
        await page.getByTestId('stop').click({ timeout: 3_000 }).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    await page.context().close();
    return { mode, answers, self_interruptions: cut, speech_started_during_answers: heard, cuts };
  } finally {
    await browser.close();
    await host.close();
    await sim.close();
    await loop.stop();
  }
}

async function main(): Promise<void> {
  if (!pulseAudioAvailable()) throw new Error('the echo bench needs pulseaudio and pulseaudio-utils (apt-get install -y pulseaudio pulseaudio-utils)');
  log('Echo suppression per playback path (AEC on, after 2 s of convergence)…');
  const paths: PathFigures[] = args.includes('--no-paths') ? [] : await measureEchoPaths({ log });
  const runs: SelfInterruptions[] = [];
  for (const mode of ['gate', 'server-vad'] as const) if (mode === 'gate' || !args.includes('--gate-only')) runs.push(await handsFreeAnswers(mode));
  const chosen = paths.find((p) => p.path === 'webaudio' && p.variant === 'default');
  const result = {
    chosen_path: 'webaudio',
    echo_suppression_db: Object.fromEntries(paths.filter((p) => p.variant === 'default').map((p) => [p.path, p.echo_suppression_db])),
    paths,
    self_interruptions: runs.find((r) => r.mode === 'gate')!.self_interruptions,
    hands_free: runs,
    goal_met: !!chosen && chosen.echo_suppression_db >= 25 && runs.find((r) => r.mode === 'gate')!.self_interruptions === 0,
  };
  if (!json) {
    console.table(paths);
    console.table(runs);
  }
  console.log(json ? JSON.stringify(result) : `goal (≥ 25 dB on the chosen path, 0 self-interruptions): ${result.goal_met ? 'met' : 'NOT met'}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
