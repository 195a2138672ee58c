import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AudioToRenderer } from '../../../src/shared/ipc/audio-messages';
import { DictationController } from '../../../src/main/dictation/dictation-controller';
import { DictationJournal } from '../../../src/main/dictation/journal';
import { SettingsStore } from '../../../src/main/services/settings/settings-store';
import { endpoint, startSimulator, tone, type Simulator } from './dictation-sim';
import { RecordingInserter } from './recording-inserter';

const logger = { debug() {}, info() {}, warn() {}, error() {} };
let sim: Simulator;
let dir: string;
let ctl: DictationController | undefined;
let journal: DictationJournal | undefined;
beforeAll(async () => {
  sim = await startSimulator();
  dir = mkdtempSync(join(tmpdir(), 'dictation-ctl-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await ctl?.dispose();
  journal?.close();
});

function setup(mode: 'push-to-talk' | 'hands-free' = 'push-to-talk') {
  const m = new Map<string, unknown>();
  const settings = new SettingsStore({ get: (k) => m.get(k), set: (k, v) => void m.set(k, v) }, logger);
  settings.update({ endpoint: endpoint(sim, { sim_transcript: 'From the hotkey.' }), mode, audio: { tailMs: 150 } });
  const posted: AudioToRenderer[] = [];
  const notices: string[] = [];
  const inserter = new RecordingInserter();
  journal = new DictationJournal(join(dir, `${Math.random()}.jsonl`));
  ctl = new DictationController({
    settings, journal, inserter, logger, demo: { demo: false, demoKey: '' },
    keys: { read: async () => sim.key, status: async () => ({ set: true, source: 'keychain', secureStorageAvailable: true }), set: async () => ({ set: true, source: 'keychain', secureStorageAvailable: true }), clear: async () => ({ set: false, source: 'none', secureStorageAvailable: true }) },
    events: { emit: (name, payload) => name === 'notice' && notices.push((payload as { message: string }).message) },
    pttActive: () => false,
  });
  ctl.connectRenderer((msg) => (posted.push(msg), true));
  return { ctl, posted, notices, inserter };
}

/** What the renderer would do for a capture turn: frames (pre-roll first), then mic-end after the tail. */
function renderer(c: DictationController, posted: AudioToRenderer[], ms: number) {
  const on = posted.find((p) => p.kind === 'capture' && p.on) as { turnId: number };
  const pcm = tone(ms);
  for (let off = 0; off < pcm.length; off += 1920) expect(c.handleAudio({ kind: 'mic', turnId: on.turnId, pcm: pcm.slice(off, off + 1920).buffer })).toBe(true);
  return () => c.handleAudio({ kind: 'mic-end', turnId: on.turnId });
}

describe('dictation controller (renderer capture → own connection → inserter)', () => {
  it('key down/up: capture on its own turn id, the transcript inserted once into the window focused at key-down', async () => {
    const { ctl: c, posted, inserter } = setup();
    await c.warm();
    c.start('hotkey');
    const end = renderer(c, posted, 500);
    // Push-to-talk's frames are not taken.
    expect(c.handleAudio({ kind: 'mic', turnId: 1, pcm: new ArrayBuffer(1920) })).toBe(false);
    c.stop('hotkey');
    expect(posted.filter((p) => p.kind === 'capture').map((p) => (p as { on: boolean }).on)).toEqual([true, false]);
    end();
    await expect.poll(() => inserter.inserted.map((i) => i.text), { timeout: 5000 }).toEqual(['From the hotkey.']);
    expect(c.list()[0]).toMatchObject({ state: 'inserted', text: 'From the hotkey.', targetClass: 'gedit' });
    expect(c.view().phase).toBe('inserted');
    // Paste last: once more, on request.
    expect(await c.pasteLast()).toEqual({ outcome: 'inserted' });
    expect(inserter.inserted).toHaveLength(2);
  });

  it('Esc after release (during the tail) cancels: nothing is committed or inserted', async () => {
    const { ctl: c, posted, inserter } = setup();
    await c.warm();
    c.start('hotkey');
    const end = renderer(c, posted, 400);
    c.stop('hotkey');
    c.cancel();
    end();
    await new Promise((r) => setTimeout(r, 400));
    expect(inserter.inserted).toEqual([]);
    expect(c.busy).toBe(false);
  });

  it('hands-free mode: dictation is refused with a notice instead of stealing the assistant\'s stream', () => {
    const { ctl: c, posted, notices } = setup('hands-free');
    c.start('hotkey');
    expect(posted).toEqual([]);
    expect(notices[0]).toMatch(/push-to-talk/);
  });
});
