/**
 * Dictation benchmark (`npm run bench -- --dictation [--json]`): ≥ 20 dictations through the real
 * pipeline (transcription-only turn over a real socket to the simulator, journal with fsync) and the
 * app's own paste path on X11 — the X11 inserter (own CLIPBOARD, XTest chord, read receipts, restore)
 * into a headed Chromium textarea on a private Xvfb, with a prior clipboard of the user's to keep —
 * and, per dictation, key-up → the text observed in the target, less the simulator's own
 * transcription time (commit → transcript), plus clipboard_restored_after_read_ms. Each dictation
 * must land in the textarea and the user's clipboard must be back, or it counts as a failure.
 * Without Xvfb/xdotool/Chromium it falls back to printing (no insertion figures, says why).
 * Prints a table, or with --json one JSON object as the last line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../sim/index';
import { Transcriber } from '../../src/main/dictation/transcriber';
import { DictationPipeline } from '../../src/main/dictation/dictation-pipeline';
import { DictationJournal } from '../../src/main/dictation/journal';
import { X11TextInserter } from '../../src/main/dictation/x11/x11-text-inserter';
import { X11Connection } from '../../src/main/dictation/x11/x11-connection';
import { ClipboardOwner, textItems } from '../../src/main/dictation/x11/clipboard-owner';
import { launchChromiumTextarea, skipReason, startXvfb, until, xclipRead, xdotool, type ChromiumApp, type Xvfb } from '../main/dictation/x11/x11-test-env';
import { defaultSettings } from '../../src/shared/settings';
import { summarize } from './stats';

const args = process.argv.slice(2);
const json = args.includes('--json');
const n = Math.max(20, Number(args[args.indexOf('--dictations') + 1]) || 20);
const log = (...a: unknown[]) => {
  if (!json) console.log(...a);
};

async function main(): Promise<void> {
  const sim = await startSimulator();
  const dir = mkdtempSync(join(tmpdir(), 'dictation-bench-'));
  const journal = new DictationJournal(join(dir, 'dictations.jsonl'));
  const t = new Transcriber({
    endpoint: `${sim.url}?sim_transcript=${encodeURIComponent('Benchmark sentence number one.')}`,
    apiKey: sim.key, model: 'openai/gpt-4.1-mini', transcriptionModel: 'inworld/inworld-stt-1',
  });
  const noX = skipReason(true);
  let xvfb: Xvfb | undefined;
  let app: ChromiumApp | undefined;
  let user: X11Connection | undefined;
  let prior: ClipboardOwner | undefined;
  let inserter: X11TextInserter | undefined;
  if (!noX) {
    xvfb = await startXvfb();
    app = await launchChromiumTextarea(xvfb.display);
    inserter = new X11TextInserter({ display: xvfb.display });
    user = await X11Connection.connect(xvfb.display);
    prior = new ClipboardOwner(user);
    xdotool(xvfb.display, 'windowfocus', '--sync', String(app.window));
    await app.page.focus('#t');
  } else log(`no X11 target (${noX}): dictations are printed, not inserted`);
  const pipeline = new DictationPipeline({
    transcriber: t,
    journal,
    inserter: inserter ?? { captureTarget: async () => undefined, insert: async () => ({ kind: 'failed', reason: 'no inserter' }) },
    settings: () => defaultSettings().dictation,
    logger: console,
  });
  const text = 'Benchmark sentence number one.';
  const pcm = new Int16Array(24_000).map((_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 24_000)));
  const bytes = new Uint8Array(pcm.buffer);
  const keyupToText: number[] = [];
  const restored: number[] = [];
  const outcomes: Record<string, number> = {};
  let failures = 0;
  try {
    await t.warm();
    for (let i = 0; i < n; i++) {
      const userClip = `the user's clipboard ${i}`;
      if (prior && app) {
        await prior.acquire(textItems(userClip));
        await app.clear();
      }
      pipeline.start('bench');
      for (let off = 0; off < bytes.length; off += 1920) pipeline.append(bytes.subarray(off, off + 1920));
      const r = await pipeline.stop(app ? {} : { print: () => {} });
      outcomes[r.outcome.kind] = (outcomes[r.outcome.kind] ?? 0) + 1;
      if (app && xvfb) {
        // Observed in the target and on the clipboard, not taken from the outcome alone.
        const landed = await until(async () => (await app!.value()) === text, 2000).then(() => true, () => false);
        const back = (await xclipRead(xvfb.display, 'UTF8_STRING'))?.toString('utf8');
        if (!landed || back !== userClip || r.outcome.kind !== 'inserted') {
          failures++;
          continue;
        }
      }
      if (r.keyupToTextMs !== undefined && r.outcome.kind !== 'none' && r.outcome.kind !== 'failed') keyupToText.push(r.keyupToTextMs);
      const tm = r.outcome.kind === 'inserted' ? r.outcome.timings : undefined;
      if (tm?.restoredAt !== undefined && tm.lastReadAt !== undefined) restored.push(tm.restoredAt - tm.lastReadAt);
    }
  } finally {
    await t.close();
    journal.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
    inserter?.dispose();
    prior?.dispose();
    user?.close();
    await app?.close();
    xvfb?.stop();
  }
  const result = {
    dictation_keyup_to_text_ms: summarize(keyupToText),
    clipboard_restored_after_read_ms: summarize(restored),
    dictation_inserter: noX ? `print (${noX})` : 'X11TextInserter → Chromium textarea (Xvfb)',
    dictation_outcomes: outcomes,
    dictation_failures: failures,
  };
  log('dictation                        p50      p95      n    goal');
  log(`dictation_keyup_to_text_ms       ${String(result.dictation_keyup_to_text_ms.p50).padStart(6)}   ${String(result.dictation_keyup_to_text_ms.p95).padStart(6)}   ${String(result.dictation_keyup_to_text_ms.n).padStart(4)}    ≤ 30`);
  log(`clipboard_restored_after_read_ms ${String(result.clipboard_restored_after_read_ms.p50).padStart(6)}   ${String(result.clipboard_restored_after_read_ms.p95).padStart(6)}   ${String(result.clipboard_restored_after_read_ms.n).padStart(4)}    ≤ 250`);
  log(`inserter: ${result.dictation_inserter}; outcomes ${JSON.stringify(outcomes)}; failures ${failures}`);
  if (json) console.log(JSON.stringify(result));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
