/**
 * The headless twin of dictation: `dictate --wav FILE` against the simulator, in-process and
 * spawned like `npm run dictate`. The copy test needs an X display (the suite runs under xvfb-run).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DICTATE_EXIT, runDictate } from '../../../src/main/cli/dictate';
import { endpoint, startSimulator, type Simulator } from '../dictation/dictation-sim';
import { RecordingInserter, toneWav } from '../dictation/recording-inserter';
import { spawnCli } from './spawn-cli';

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator();
  dir = mkdtempSync(join(tmpdir(), 'dictate-cli-'));
  writeFileSync(join(dir, 'stereo44k.wav'), toneWav(1000, 44_100, 2));
  writeFileSync(join(dir, 'short.wav'), toneWav(50, 16_000, 1));
  writeFileSync(join(dir, 'bad.wav'), 'not a wav at all');
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await sim.reset();
});

function sink() {
  const s = { text: '', write: (x: string) => ((s.text += x), true) };
  return s;
}

async function dictate(argv: string[], extra: { inserter?: RecordingInserter; env?: Record<string, string> } = {}) {
  const stdout = sink();
  const stderr = sink();
  const env = { INWORLD_DESK_DATA: join(dir, 'data'), INWORLD_API_KEY: sim.key, ...extra.env };
  const code = await runDictate(argv, { stdout, stderr, env, ...(extra.inserter ? { inserter: extra.inserter } : {}) });
  return { code, out: stdout.text, err: stderr.text };
}

const url = (q: Record<string, string | number> = {}) => endpoint(sim, { sim_transcript: 'Hello from a file.', ...q });
const hasXclip = spawnSync('sh', ['-c', 'command -v xclip'], { stdio: 'ignore' }).status === 0;

describe('dictate (in-process)', () => {
  it('--output print: a 44.1 kHz stereo WAV is sent as 24 kHz mono PCM16; the transcript goes to stdout, exit 0', async () => {
    const r = await dictate(['--wav', join(dir, 'stereo44k.wav'), '--endpoint', url(), '--output', 'print']);
    expect(r).toEqual({ code: DICTATE_EXIT.ok, out: 'Hello from a file.\n', err: '' });
    const commit = sim.sessions[0]!.commits[0]!;
    expect(Math.abs(commit.audio.length - 24_000 * 2)).toBeLessThanOrEqual(4);
    // Same journal as the app: the data folder's dictations.jsonl.
    const states = readFileSync(join(dir, 'data', 'dictations.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).state);
    expect(states.slice(-3)).toEqual(['recorded', 'transcribed', 'printed']);
  });

  it('--json: one line {text, outcome, target_class, ms}', async () => {
    const inserter = new RecordingInserter({ windowId: '5', windowClass: 'kate' });
    const r = await dictate(['--wav', join(dir, 'stereo44k.wav'), '--endpoint', url(), '--json'], { inserter });
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    const obj = JSON.parse(r.out);
    expect(obj).toEqual({ text: 'Hello from a file.', outcome: 'inserted', target_class: 'kate', ms: expect.any(Number) });
    expect(inserter.inserted.map((i) => i.options.mode)).toEqual(['insert']);
  });

  it('paste that is not confirmed: non-zero with "unconfirmed: text left on the clipboard"', async () => {
    const inserter = new RecordingInserter(undefined, () => ({ kind: 'unconfirmed', reason: 'no read within 3 s' }));
    const r = await dictate(['--wav', join(dir, 'stereo44k.wav'), '--endpoint', url()], { inserter });
    expect(r.code).toBe(DICTATE_EXIT.notObserved);
    expect(r.err).toBe('dictate: unconfirmed: text left on the clipboard (no read within 3 s)\n');
  });

  it('one-line reasons: no transcript, too short, bad WAV, bad key, unreachable', async () => {
    const failed = await dictate(['--wav', join(dir, 'stereo44k.wav'), '--endpoint', url({ sim_fault: 'transcription-failed' }), '--output', 'print']);
    expect(failed.code).toBe(DICTATE_EXIT.noTranscript);
    expect(failed.err).toMatch(/^dictate: transcription failed: .*\n$/);
    const short = await dictate(['--wav', join(dir, 'short.wav'), '--endpoint', url(), '--output', 'print']);
    expect(short).toMatchObject({ code: DICTATE_EXIT.noTranscript, err: 'dictate: no transcript: the recording is under 100 ms\n' });
    const bad = await dictate(['--wav', join(dir, 'bad.wav'), '--endpoint', url()]);
    expect(bad.code).toBe(DICTATE_EXIT.usage);
    expect(bad.err).toMatch(/^dictate: .*bad\.wav: not a WAV file.*\n$/);
    const key = await dictate(['--wav', join(dir, 'stereo44k.wav'), '--endpoint', url()], { env: { INWORLD_API_KEY: 'd3Jvbmc6a2V5' } });
    expect(key.code).toBe(DICTATE_EXIT.badKey);
    expect(key.err.split('\n')).toHaveLength(2);
    // A key in argv is visible to every user of the machine: refused, with where to put it instead.
    const argvKey = await dictate(['--wav', join(dir, 'stereo44k.wav'), '--endpoint', url(), '--key', sim.key]);
    expect(argvKey.code).toBe(DICTATE_EXIT.usage);
    expect(argvKey.err).toMatch(/--key was removed.*INWORLD_API_KEY.*--key-stdin/);
    const down = await dictate(['--wav', join(dir, 'stereo44k.wav'), '--endpoint', 'ws://127.0.0.1:1/api/v1/realtime/session']);
    expect(down.code).toBe(DICTATE_EXIT.unreachable);
    expect(down.err.split('\n')).toHaveLength(2);
  });

  it.skipIf(!process.env.DISPLAY || !hasXclip)('--output copy: the clipboard holds the text (read back by another X client), exit 0', async () => {
    const r = await dictate(['--wav', join(dir, 'stereo44k.wav'), '--endpoint', url({ sim_transcript: 'Copied words.' }), '--output', 'copy', '--json'], {
      env: { DISPLAY: process.env.DISPLAY as string },
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ text: 'Copied words.', outcome: 'copied' });
    expect(execFileSync('xclip', ['-selection', 'clipboard', '-o'], { encoding: 'utf8' })).toBe('Copied words.');
  });
});

describe('dictate (spawned like npm run dictate)', () => {
  it('exit 0 with the text on stdout; a usage error is one line', async () => {
    const run = (args: string[]) =>
      spawnCli('src/main/cli/dictate.ts', args, { ...process.env, INWORLD_API_KEY: sim.key, INWORLD_REALTIME_URL: url(), INWORLD_DESK_DATA: join(dir, 'spawned') });
    expect(await run(['--wav', join(dir, 'stereo44k.wav'), '--output', 'print'])).toEqual({ code: 0, out: 'Hello from a file.\n', err: '' });
    const usage = await run(['--output', 'sideways']);
    expect(usage.code).toBe(DICTATE_EXIT.usage);
    expect(usage.err).toBe('dictate: --output must be paste, copy or print\n');
  }, 30_000);
});
