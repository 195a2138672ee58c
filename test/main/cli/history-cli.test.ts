import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/index';
import { EXIT, runAsk } from '../../../src/main/cli/ask';
import { HISTORY_EXIT, runHistoryCli } from '../../../src/main/cli/history';
import { HistoryStore } from '../../../src/main/history/history-store';
import { appDataDir } from '../../../src/main/history/open-history';

let sim: Simulator;
let configHome: string;
beforeAll(async () => {
  sim = await startSimulator();
  configHome = mkdtempSync(join(tmpdir(), 'history-cli-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(configHome, { recursive: true, force: true });
});

const sink = () => {
  const s = { text: '', write: (x: string) => ((s.text += x), true) };
  return s;
};
const env = () => ({ XDG_CONFIG_HOME: configHome });

function history(argv: string[]) {
  const stdout = sink();
  const stderr = sink();
  const code = runHistoryCli(argv, { stdout, stderr, env: env() });
  return { code, out: stdout.text, err: stderr.text };
}

/** `npm run <script> -- args` as a user runs it (the npm script, tsx, a real process). */
function npmRun(script: string, args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', script, '--', ...args], { env: { ...process.env, ...env(), ...extraEnv }, cwd: process.cwd() });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('data folder', () => {
  it('is where Electron puts userData: XDG_CONFIG_HOME, APPDATA, ~/Library', () => {
    expect(appDataDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux', '/home/u')).toBe('/x/cfg/Inworld Desk');
    expect(appDataDir({}, 'linux', '/home/u')).toBe('/home/u/.config/Inworld Desk');
    expect(appDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toMatch(/Roaming[\\/]Inworld Desk$/);
    expect(appDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Inworld Desk');
  });
});

describe('history CLI', () => {
  it('ask saves its exchange as a quick query; history search, list, export and delete find it', async () => {
    const stdout = sink();
    const stderr = sink();
    const code = await runAsk(['--endpoint', `${sim.url}?sim_scenario=echo`, 'Which', 'planet', 'has', 'the', 'most', 'moons?'], {
      stdout,
      stderr,
      env: { ...env(), INWORLD_API_KEY: sim.key },
    });
    expect({ code, err: stderr.text }).toEqual({ code: EXIT.ok, err: '' });

    const found = history(['search', 'moons', '--json']);
    expect(found.code).toBe(HISTORY_EXIT.ok);
    const hits = JSON.parse(found.out) as Array<{ conversationId: string; kind: string; role: string; snippet: string }>;
    expect(hits.length).toBe(2); // the question and the echoed answer
    expect(hits.every((h) => h.kind === 'quick')).toBe(true);
    const id = hits[0]!.conversationId;

    const human = history(['search', 'planet moons']);
    expect(human.out).toContain(`${id}`);
    expect(human.out).toContain('[moons]');

    const list = JSON.parse(history(['list', '--json']).out) as Array<{ id: string; kind: string; title: string }>;
    expect(list).toContainEqual(expect.objectContaining({ id, kind: 'quick', title: 'Which planet has the most moons?' }));

    const md = history(['export', id]);
    expect(md.code).toBe(0);
    expect(md.out).toMatch(/^# Which planet has the most moons\?/);
    expect(md.out).toContain('### You');
    expect(md.out).toContain('You said: "Which planet has the most moons?".');
    expect(md.out).toMatch(/latency \d+ ms/);

    expect(history(['delete', id])).toMatchObject({ code: 0, out: `Deleted ${id}.\n` });
    expect(history(['delete', id])).toMatchObject({ code: HISTORY_EXIT.notFound, err: `history: no conversation ${id}\n` });
    expect(JSON.parse(history(['search', 'moons', '--json']).out)).toEqual([]);
  });

  it('--no-history leaves nothing behind', async () => {
    const stdout = sink();
    const code = await runAsk(['--no-history', '--endpoint', `${sim.url}?sim_scenario=echo`, 'unrecorded', 'xylophone'], { stdout, stderr: sink(), env: { ...env(), INWORLD_API_KEY: sim.key } });
    expect(code).toBe(0);
    expect(JSON.parse(history(['search', 'xylophone', '--json']).out)).toEqual([]);
  });

  it('exports tool calls and timings as Markdown', () => {
    const store = new HistoryStore(join(appDataDir(env()), 'history.db'));
    const id = store.startConversation('voice', Date.UTC(2026, 0, 2, 3, 4, 5));
    store.saveTurns(id, [
      { entryId: 'u', kind: 'message', role: 'user', text: 'list my notes', source: 'voice', createdAt: Date.UTC(2026, 0, 2, 3, 4, 5) },
      { entryId: 't', kind: 'tool', role: 'tool', text: 'notes_list', tool: { name: 'notes_list', argumentsJson: '{"limit":3}', status: 'done', output: 'a ``` b' }, createdAt: Date.UTC(2026, 0, 2, 3, 4, 6) },
      { entryId: 'a', kind: 'message', role: 'assistant', text: 'You have one note.', responseId: 'r', createdAt: Date.UTC(2026, 0, 2, 3, 4, 7), latencyMs: 512, inputTokens: 900, outputTokens: 12, costUsd: 0.0003792 },
    ]);
    store.close();
    const md = history(['export', id]).out;
    expect(md).toContain('### You (spoken)');
    expect(md).toContain('### Tool call: `notes_list` (done)');
    expect(md).toContain('"limit": 3');
    expect(md).toContain('````\na ``` b\n````'); // output cannot break out of its fence
    expect(md).toContain('_latency 512 ms · 900 in / 12 out tokens · ≈ $0.00038_');
  });

  it('usage errors and a missing id are one line each with distinct codes', () => {
    expect(history([])).toMatchObject({ code: HISTORY_EXIT.usage });
    expect(history(['search'])).toMatchObject({ code: HISTORY_EXIT.usage, err: 'history: search needs the text to find\n' });
    expect(history(['list', '--kind', 'podcast'])).toMatchObject({ code: HISTORY_EXIT.usage });
    expect(history(['export', 'nope'])).toMatchObject({ code: HISTORY_EXIT.notFound });
  });

  it('npm run ask then npm run history -- search finds the exchange (real processes)', async () => {
    const asked = await npmRun('ask', ['What', 'about', 'narwhals?'], { INWORLD_API_KEY: sim.key, INWORLD_REALTIME_URL: `${sim.url}?sim_scenario=echo` });
    expect(asked).toMatchObject({ code: 0, err: '' });
    const found = await npmRun('history', ['search', 'narwhals']);
    expect(found.code).toBe(0);
    expect(found.out).toMatch(/quick\s+user: What about \[narwhals\]\?/);
  }, 60_000);
});
