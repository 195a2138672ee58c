/**
 * Dictation benchmark (`npm run bench -- --dictation [--json]`): ≥ 20 dictations through the real
 * pipeline (transcription-only turn over a real socket to the simulator, journal with fsync, the
 * build's inserter) and, per dictation, key-up → outcome observed in the target, less the
 * simulator's own transcription time (commit → transcript). `clipboard_restored_after_read_ms` is
 * reported from inserters that observe it (the X11 paste path's outcome `restoredAfterReadMs`); the
 * clipboard-only inserter never pastes, so there it is n = 0. Prints a table, or with --json one
 * JSON object as the last line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../sim/index';
import { Transcriber } from '../../src/main/dictation/transcriber';
import { DictationPipeline } from '../../src/main/dictation/dictation-pipeline';
import { DictationJournal } from '../../src/main/dictation/journal';
import { createTextInserter } from '../../src/main/dictation/default-inserter';
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
  const useX = Boolean(process.env.DISPLAY);
  const inserter = createTextInserter();
  const pipeline = new DictationPipeline({ transcriber: t, journal, inserter, settings: () => defaultSettings().dictation, logger: console });
  const pcm = new Int16Array(24_000).map((_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 24_000)));
  const bytes = new Uint8Array(pcm.buffer);
  const keyupToText: number[] = [];
  const restored: number[] = [];
  const outcomes: Record<string, number> = {};
  try {
    await t.warm();
    for (let i = 0; i < n; i++) {
      pipeline.start('bench');
      for (let off = 0; off < bytes.length; off += 1920) pipeline.append(bytes.subarray(off, off + 1920));
      const r = await pipeline.stop(useX ? {} : { print: () => {} });
      outcomes[r.outcome.kind] = (outcomes[r.outcome.kind] ?? 0) + 1;
      if (r.keyupToTextMs !== undefined && r.outcome.kind !== 'none' && r.outcome.kind !== 'failed') keyupToText.push(r.keyupToTextMs);
      const ms = (r.outcome as { restoredAfterReadMs?: number }).restoredAfterReadMs;
      if (typeof ms === 'number') restored.push(ms);
    }
  } finally {
    await t.close();
    journal.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const result = {
    dictation_keyup_to_text_ms: summarize(keyupToText),
    clipboard_restored_after_read_ms: summarize(restored),
    dictation_inserter: useX ? inserter.constructor.name : 'print (no X display)',
    dictation_outcomes: outcomes,
  };
  log('dictation                        p50      p95      n    goal');
  log(`dictation_keyup_to_text_ms       ${String(result.dictation_keyup_to_text_ms.p50).padStart(6)}   ${String(result.dictation_keyup_to_text_ms.p95).padStart(6)}   ${String(result.dictation_keyup_to_text_ms.n).padStart(4)}    ≤ 30`);
  log(`clipboard_restored_after_read_ms ${String(result.clipboard_restored_after_read_ms.p50).padStart(6)}   ${String(result.clipboard_restored_after_read_ms.p95).padStart(6)}   ${String(result.clipboard_restored_after_read_ms.n).padStart(4)}    ≤ 250`);
  log(`inserter: ${result.dictation_inserter}; outcomes ${JSON.stringify(outcomes)}`);
  if (json) console.log(JSON.stringify(result));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
