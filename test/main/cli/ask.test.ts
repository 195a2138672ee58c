import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../sim/index';
import { toDisposable } from '../../../src/shared/disposable';
import { EXIT, runAsk } from '../../../src/main/cli/ask';
import { spawnCli } from './spawn-cli';
import type { ToolExecutor } from '../../../src/main/tools/tool-executor';

let sim: Simulator;
// `ask` saves each exchange in the app's history: keep it in a temp folder, never the user's.
const configHome = mkdtempSync(join(tmpdir(), 'ask-config-'));
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
  rmSync(configHome, { recursive: true, force: true });
});

function sink() {
  const s = { text: '', write: (x: string) => ((s.text += x), true) };
  return s;
}

async function ask(argv: string[], env: Record<string, string | undefined> = { INWORLD_API_KEY: sim.key }, executor?: ToolExecutor) {
  const stdout = sink();
  const stderr = sink();
  const code = await runAsk(argv, { stdout, stderr, env: { XDG_CONFIG_HOME: configHome, ...env }, ...(executor ? { executor } : {}) });
  return { code, out: stdout.text, err: stderr.text };
}

const url = (q = '') => `${sim.url}${q}`;

describe('ask (in-process)', () => {
  it('streams the answer and exits 0', async () => {
    const r = await ask(['--endpoint', url('?sim_scenario=echo'), 'What', 'is', 'up?']);
    expect(r).toEqual({ code: EXIT.ok, out: 'You said: "What is up?".\n', err: '' });
  });

  it('reads the key and endpoint from the environment; --json prints one object', async () => {
    const r = await ask(['--json', 'hello'], { INWORLD_API_KEY: sim.key, INWORLD_REALTIME_URL: url('?sim_scenario=echo') });
    expect(r.code).toBe(0);
    const obj = JSON.parse(r.out);
    expect(obj).toMatchObject({ text: 'You said: "hello".', status: 'completed' });
    expect(r.out.trim().split('\n')).toHaveLength(1);
  });

  it('bad key: non-zero with one line', async () => {
    const r = await ask(['--endpoint', url(), 'hi'], { INWORLD_API_KEY: 'd3Jvbmc6a2V5' });
    expect(r.code).toBe(EXIT.badKey);
    expect(r.err).toMatch(/^ask: .*API key.*\n$/);
    expect(r.err.split('\n')).toHaveLength(2);
  });

  it('unreachable endpoint', async () => {
    const r = await ask(['--endpoint', 'ws://127.0.0.1:1/api/v1/realtime/session', 'hi']);
    expect(r.code).toBe(EXIT.unreachable);
    expect(r.err).toMatch(/^ask: Cannot reach .*\n$/);
  });

  it('server error', async () => {
    const r = await ask(['--endpoint', url('?sim_fault=fail-response'), 'hi']);
    expect(r.code).toBe(EXIT.serverError);
    expect(r.err).toMatch(/^ask: server error: .*failed.*\n$/);
  });

  it('timeout when the response stalls', async () => {
    const r = await ask(['--endpoint', url('?sim_fault=stall'), '--timeout', '0.5', 'hi']);
    expect(r.code).toBe(EXIT.timeout);
    expect(r.err).toBe('ask: timeout: no complete answer within 0.5 s\n');
  });

  it('usage errors', async () => {
    expect((await ask([], { INWORLD_API_KEY: 'k' })).code).toBe(EXIT.usage);
    expect((await ask(['hi'], {})).err).toMatch(/no API key/);
    expect((await ask(['--bogus', 'hi'], { INWORLD_API_KEY: 'k' })).err).toMatch(/unknown flag/);
    expect((await ask(['--endpoint', 'http://x', 'hi'], { INWORLD_API_KEY: 'k' })).err).toMatch(/ws:\/\//);
  });

  it('uses a given tool executor', async () => {
    const calls: string[] = [];
    const executor: ToolExecutor = {
      definitions: () => [{ type: 'function', name: 'clock', description: 'time', parameters: { type: 'object', properties: {} } }],
      onDefinitionsChanged: () => toDisposable(() => {}),
      onCallUpdate: () => toDisposable(() => {}),
      execute: async (c) => (calls.push(c.name), '{"time":"12:00"}'),
    };
    const r = await ask(['--endpoint', url('?sim_scenario=tool-call'), 'time?'], undefined, executor);
    expect(r.code).toBe(0);
    expect(calls).toEqual(['clock']);
    expect(r.out).toContain('The tool returned');
  });
});

describe('ask with its own tools and options', () => {
  type Ev = { type: string; session?: { tools?: Array<{ name: string }>; audio?: { output?: { voice?: string } } }; item?: { type: string; output?: string } };
  const clientEvents = () => sim.sessions.at(-1)!.clientEvents.map((e) => e.event as Ev);

  it('a model tool call runs the read-only built-in; side-effecting tools are not offered', async () => {
    const r = await ask(['--endpoint', url('?sim_scenario=tool-call&sim_tool=get_datetime'), 'What time is it?']);
    expect(r).toMatchObject({ code: EXIT.ok, err: '' });
    expect(r.out).toContain('The tool returned');
    const offered = clientEvents().find((e) => e.type === 'session.update')?.session?.tools?.map((t) => t.name);
    expect(offered?.sort()).toEqual(['get_datetime', 'system_info']);
    const output = clientEvents().find((e) => e.item?.type === 'function_call_output')?.item?.output ?? '';
    expect(Math.abs((JSON.parse(output) as { unixMs: number }).unixMs - Date.now())).toBeLessThan(10_000);
  });

  it('--voice NAME reaches the session.update the simulator accepts', async () => {
    const r = await ask(['--endpoint', url('?sim_scenario=echo'), '--voice', 'Ashley', 'hi']);
    expect(r.code).toBe(EXIT.ok);
    expect(clientEvents()[0]?.session?.audio?.output?.voice).toBe('Ashley');
    expect(sim.sessions.at(-1)!.sessionConfig).toMatchObject({ audio: { output: { voice: 'Ashley' } } });
  });
});

describe('ask never takes the key from argv', () => {
  it('--key is refused with the reason, and nothing connects', async () => {
    const before = sim.sessions.length;
    const r = await ask(['--endpoint', url(), '--key', sim.key, 'hi'], {});
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/--key was removed: .*visible to every user/);
    expect(sim.sessions.length).toBe(before);
  });

  it('--key-stdin reads the key from the first line of stdin', async () => {
    const stdout = sink();
    const stderr = sink();
    async function* stdin() {
      yield `${sim.key}\n`;
    }
    const code = await runAsk(['--endpoint', url('?sim_scenario=echo'), '--key-stdin', 'piped'], { stdout, stderr, env: {}, stdin: stdin() });
    expect(code).toBe(EXIT.ok);
    expect(stdout.text).toContain('You said: "piped"');
  });
});

describe('ask (spawned like npm run ask)', () => {
  const run = (args: string[], env: Record<string, string>) => spawnCli('src/main/cli/ask.ts', args, { ...process.env, XDG_CONFIG_HOME: configHome, ...env });

  it('exit 0 with the answer on stdout, non-zero with one line on stderr', async () => {
    const ok = await run(['--', 'spawned question'], { INWORLD_API_KEY: sim.key, INWORLD_REALTIME_URL: url('?sim_scenario=echo') });
    expect(ok).toMatchObject({ code: 0, out: 'You said: "spawned question".\n' });
    const bad = await run(['x'], { INWORLD_API_KEY: 'd3Jvbmc6a2V5', INWORLD_REALTIME_URL: url() });
    expect(bad.code).toBe(EXIT.badKey);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
  }, 30_000);
});
