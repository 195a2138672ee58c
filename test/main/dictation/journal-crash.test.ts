import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DictationPipeline } from '../../../src/main/dictation/dictation-pipeline';
import { DictationJournal } from '../../../src/main/dictation/journal';
import { defaultSettings } from '../../../src/shared/settings';
import { endpoint, startSimulator, type Simulator } from './dictation-sim';
import { RecordingInserter } from './recording-inserter';

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator();
  dir = mkdtempSync(join(tmpdir(), 'dictation-crash-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const never = { begin() {}, append() {}, finish: () => Promise.resolve({ ok: false as const, reason: 'unused' }), cancel() {}, on: () => ({ dispose() {} }) };

describe('dictation journal', () => {
  it('kill -9 between the chord and the restore: the next start lists it as unconfirmed, "paste last" inserts it exactly once', async () => {
    const file = join(dir, 'dictations.jsonl');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/main/dictation/fixtures/crash-child.ts'], {
      env: { ...process.env, SIM_URL: endpoint(sim, { sim_transcript: 'Remember the milk.' }), SIM_KEY: sim.key, JOURNAL_FILE: file },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child never reached the chord: ${err}`)), 20_000);
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('CHORD')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, sig) => r(sig)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // Next start.
    const journal = new DictationJournal(file);
    expect(journal.recovered.map((e) => ({ state: e.state, text: e.text, targetClass: e.targetClass }))).toEqual([
      { state: 'unconfirmed', text: 'Remember the milk.', targetClass: 'xterm' },
    ]);
    const inserter = new RecordingInserter({ windowId: '88', windowClass: 'gedit' });
    const pipeline = new DictationPipeline({ transcriber: never, inserter, journal, settings: () => defaultSettings().dictation, logger: console });
    const r = await pipeline.pasteLast();
    expect(r.outcome.kind).toBe('inserted');
    expect(inserter.inserted.map((i) => i.text)).toEqual(['Remember the milk.']);
    expect(inserter.inserted[0]!.target?.windowClass).toBe('gedit');
    journal.close();

    // A further start recovers nothing again: the dictation is settled.
    const again = new DictationJournal(file);
    expect(again.recovered).toEqual([]);
    expect(again.last()).toMatchObject({ state: 'inserted', text: 'Remember the milk.' });
    again.close();
  }, 40_000);

  it('a line cut short by a crash is skipped, the rest is kept; the file is private and compacted', () => {
    const file = join(dir, 'cut.jsonl');
    const j = new DictationJournal(file, { maxEntries: 3 });
    for (let i = 0; i < 5; i++) {
      const id = `d${i}`;
      j.record({ id, at: 1000 + i, state: 'recorded', pid: process.pid, durationMs: 500 });
      j.record({ id, at: 1000 + i, state: 'transcribed', raw: `raw ${i}`, text: `text ${i}` });
      j.record({ id, at: 1000 + i, state: 'copied', reason: 'copy-only' });
    }
    j.close();
    writeFileSync(file, readFileSync(file, 'utf8') + '{"id":"d9","at":9,"state":"transcri', { flag: 'w' });
    const k = new DictationJournal(file, { maxEntries: 3 });
    expect(k.list().map((e) => e.text)).toEqual(['text 4', 'text 3', 'text 2']);
    expect(k.recovered).toEqual([]);
    k.close();
    if (process.platform !== 'win32') expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
  });

  it('a dictation still running in another live process is not marked unconfirmed', () => {
    const file = join(dir, 'live.jsonl');
    const j = new DictationJournal(file);
    j.record({ id: 'x', at: 1, state: 'recorded', pid: 999_999, durationMs: 1 });
    j.record({ id: 'x', at: 2, state: 'transcribed', raw: 'a', text: 'a' });
    j.close();
    const alive = new DictationJournal(file, { isAlive: () => true });
    expect(alive.recovered).toEqual([]);
    alive.close();
    const dead = new DictationJournal(file, { isAlive: () => false });
    expect(dead.recovered.map((e) => e.state)).toEqual(['unconfirmed']);
    dead.close();
  });
});
