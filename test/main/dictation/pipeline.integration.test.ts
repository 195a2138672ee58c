import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DictationPipeline, type DictationView } from '../../../src/main/dictation/dictation-pipeline';
import { DictationJournal } from '../../../src/main/dictation/journal';
import type { Transcriber } from '../../../src/main/dictation/transcriber';
import { defaultSettings, type DictationSettings } from '../../../src/shared/settings';
import { clientTypes, faultOnce, feed, tone, transcriber, useSimulator, type Simulator } from './dictation-sim';
import { RecordingInserter } from './recording-inserter';

let sim: Simulator;
let dir: string;
let t: Transcriber | undefined;
let journal: DictationJournal | undefined;
useSimulator((s) => (sim = s));
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dictation-'));
});
afterEach(async () => {
  await t?.close();
  journal?.close();
  rmSync(dir, { recursive: true, force: true });
});

function setup(query: Record<string, string | number>, settings: Partial<DictationSettings> = {}, opts: Parameters<typeof transcriber>[2] = {}) {
  t = transcriber(sim, query, { fallbackAfterMs: 300, ...opts });
  journal = new DictationJournal(join(dir, 'dictations.jsonl'));
  const inserter = new RecordingInserter();
  const s = { ...defaultSettings().dictation, ...settings };
  const pipeline = new DictationPipeline({ transcriber: t, inserter, journal, settings: () => s, logger: console });
  const views: DictationView[] = [];
  pipeline.on('view', (v) => views.push(v));
  return { pipeline, inserter, journal, views };
}

function journalStates(file: string): string[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { state: string }).state);
}

describe('dictation pipeline over the simulator', () => {
  it('the completed transcript, post-processed, lands once; the journal holds each step, on disk before the insertion', async () => {
    const { pipeline, inserter, journal: j, views } = setup(
      { sim_transcript: 'Um, send the report to in world today.', sim_transcription_deltas: 'rolling' },
      { replacements: [{ from: 'in world', to: 'Inworld' }] },
    );
    let onDiskAtInsert: string[] = [];
    inserter.during = () => (onDiskAtInsert = journalStates(j.file));
    pipeline.start();
    feed(pipeline, new Uint8Array(960)); // 20 ms of digital silence: still arming
    expect(pipeline.state.phase).toBe('arming');
    feed(pipeline, tone(500));
    expect(pipeline.state.phase).toBe('listening');
    const r = await pipeline.stop();
    expect(r).toMatchObject({ text: 'Send the report to Inworld today.', outcome: { kind: 'inserted' }, targetClass: 'gedit' });
    expect(inserter.inserted.map((i) => i.text)).toEqual(['Send the report to Inworld today.']);
    expect(inserter.inserted[0]!.target).toEqual({ windowId: '4242', windowClass: 'gedit' });
    expect(onDiskAtInsert).toEqual(['recorded', 'transcribed']);
    expect(journalStates(j.file)).toEqual(['recorded', 'transcribed', 'inserted']);
    expect(j.last()).toMatchObject({ raw: 'Um, send the report to in world today.', text: 'Send the report to Inworld today.', state: 'inserted' });
    // The live caption was shown while transcribing; the overlay ends on "inserted".
    expect(views.some((v) => v.phase === 'transcribing' && v.caption.length > 0)).toBe(true);
    expect(views.at(-1)?.phase).toBe('inserted');
    expect(clientTypes(sim.sessions[0]!)).not.toContain('response.create');
  });

  it('fallback path: the reply of the fallback response is never inserted', async () => {
    const { pipeline, inserter } = setup({ sim_transcribe: 'with-response', sim_transcript: 'Lunch at one.', sim_reply: 'I AM THE MODEL REPLY' });
    pipeline.start();
    feed(pipeline, tone(400));
    const r = await pipeline.stop();
    expect(r.outcome.kind).toBe('inserted');
    expect(inserter.inserted.map((i) => i.text)).toEqual(['Lunch at one.']);
    await new Promise((res) => setTimeout(res, 300)); // the reply finishes streaming meanwhile
    expect(inserter.inserted).toHaveLength(1);
    expect(clientTypes(sim.sessions[0]!)).toContain('response.create');
  });

  it('a drop after the commit gives exactly one insertion', async () => {
    const { factory } = faultOnce(['sim_close_after']);
    const { pipeline, inserter } = setup({ sim_close_after: 4, sim_transcript: 'Only once please.' }, {}, { transportFactory: factory, fallbackAfterMs: 5000 });
    pipeline.start();
    feed(pipeline, tone(400));
    const r = await pipeline.stop();
    expect(r.outcome.kind).toBe('inserted');
    await new Promise((res) => setTimeout(res, 500));
    expect(inserter.inserted.map((i) => i.text)).toEqual(['Only once please.']);
    expect(sim.sessions).toHaveLength(2);
  });

  it('per-app mode by window class: a copy-only class is only copied; Esc cancels with nothing inserted', async () => {
    const { pipeline, inserter, journal: j } = setup({ sim_transcript: 'ls -la' }, { perApp: { gedit: { mode: 'copy-only' } } });
    pipeline.start();
    feed(pipeline, tone(300));
    const r = await pipeline.stop();
    expect(r.outcome).toEqual({ kind: 'copied', reason: 'copy-only' });
    expect(inserter.inserted[0]!.options.mode).toBe('copy-only');
    pipeline.start();
    feed(pipeline, tone(300));
    pipeline.cancel();
    expect(pipeline.state.phase).toBe('cancelled');
    expect(inserter.inserted).toHaveLength(1);
    expect(j.list()).toHaveLength(1);
  });

  it('no transcript: failed in the journal, nothing inserted, a clear reason', async () => {
    const { pipeline, inserter, journal: j } = setup({ sim_fault: 'transcription-failed' });
    pipeline.start();
    feed(pipeline, tone(300));
    const r = await pipeline.stop();
    expect(r.outcome).toMatchObject({ kind: 'none', reason: expect.stringMatching(/transcription failed/) });
    expect(inserter.inserted).toHaveLength(0);
    expect(j.list()[0]).toMatchObject({ state: 'failed' });
  });
});
