/**
 * `inworld-desk --ask` with no instance running (cli/headless-ask.ts) against the strict simulator:
 * the app's real key store (a temp-file blob, an AES "keychain"), its settings and its demo-mode rule.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseAppArgs } from '../../../src/main/cli/app-args';
import { EXIT } from '../../../src/main/cli/ask';
import { runHeadlessAsk, type HeadlessAskDeps } from '../../../src/main/cli/headless-ask';
import { clipboardOnlyReader } from '../../../src/main/quick/platform-context-reader';
import { fileSecretBlob } from '../../../src/main/services/security/file-secret-blob';
import { KeyStore } from '../../../src/main/services/security/key-store';
import { resolveDemoConfig } from '../../../src/main/services/session/demo-mode';
import { defaultSettings } from '../../../src/shared/settings';
import { fakeSafeStorage } from '../../host/node-ports';
import { startSimulator, type Simulator } from '../../sim/index';

let sim: Simulator;
const dir = mkdtempSync(join(tmpdir(), 'headless-ask-'));
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
function sink() {
  const s = { text: '', write: (x: string) => ((s.text += x), true) };
  return s;
}

let n = 0;
function keyStore(opts: { allowEnv?: boolean; env?: Record<string, string> } = {}) {
  return new KeyStore({
    safeStorage: fakeSafeStorage('keychain'),
    blobs: fileSecretBlob(join(dir, `key-${n++}.bin`)),
    allowEnvKey: () => opts.allowEnv ?? false,
    env: opts.env ?? {},
    logger,
  });
}

async function headless(argv: string[], d: Partial<HeadlessAskDeps> & { keys: HeadlessAskDeps['keys'] }, scenario = 'echo') {
  const parsed = parseAppArgs(['/opt/Inworld Desk/inworld-desk', ...argv]);
  if (!parsed.ok || !parsed.command.ask) throw new Error('not an --ask command line');
  const stdout = sink();
  const stderr = sink();
  const code = await runHeadlessAsk(parsed.command.ask, {
    settings: { ...defaultSettings(), endpoint: `${sim.url}?sim_scenario=${scenario}` },
    demo: resolveDemoConfig({}),
    stdout,
    stderr,
    ...d,
  });
  return { code, out: stdout.text, err: stderr.text };
}

describe('headless --ask', () => {
  it('answers with the key from the keychain and the endpoint from the settings; exit 0', async () => {
    const keys = keyStore();
    await keys.set(sim.key);
    expect(await headless(['--ask', 'what is up'], { keys })).toEqual({ code: EXIT.ok, out: 'You said: "what is up".\n', err: '' });
  });

  it('uses INWORLD_API_KEY only with "Allow key from environment"', async () => {
    const refused = await headless(['--ask', 'hi'], { keys: keyStore({ env: { INWORLD_API_KEY: sim.key } }) });
    expect(refused).toEqual({ code: EXIT.usage, out: '', err: expect.stringMatching(/^ask: no API key: .*"Allow key from environment"\n$/) });
    const allowed = await headless(['--ask', 'hi'], { keys: keyStore({ allowEnv: true, env: { INWORLD_API_KEY: sim.key } }) });
    expect(allowed).toMatchObject({ code: EXIT.ok, out: 'You said: "hi".\n' });
  });

  it('a rejected key exits like npm run ask does, with one line', async () => {
    const keys = keyStore();
    await keys.set('d3Jvbmc6a2V5');
    const r = await headless(['--ask', 'hi'], { keys });
    expect(r.code).toBe(EXIT.badKey);
    expect(r.err).toMatch(/^ask: .*API key.*\n$/);
  });

  it('demo mode (INWORLD_REALTIME_URL at loopback) sends the demo key and never reads the keychain', async () => {
    const keys = { read: vi.fn(async () => 'the-users-real-key') };
    const demo = resolveDemoConfig({ INWORLD_REALTIME_URL: `${sim.url}?sim_scenario=echo`, INWORLD_DEMO_KEY: sim.key });
    const r = await headless(['--ask', 'demo question'], { keys, demo, settings: defaultSettings() });
    expect(r).toEqual({ code: EXIT.ok, out: 'You said: "demo question".\n', err: '' });
    expect(keys.read).not.toHaveBeenCalled();
  });

  it('--context clipboard puts the clipboard under the question; an unavailable context is a usage error', async () => {
    const keys = keyStore();
    await keys.set(sim.key);
    const r = await headless(['--ask', 'explain', '--context', 'clipboard'], { keys, context: clipboardOnlyReader(() => 'forty-two') });
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain('explain');
    expect(r.out).toContain('forty-two');
    const sel = await headless(['--ask', 'explain', '--context', 'selection'], { keys, context: clipboardOnlyReader(() => 'forty-two') });
    expect(sel).toEqual({
      code: EXIT.usage,
      out: '',
      err: 'ask: the selection cannot be used: this system has no readable selection; copy the text and use the clipboard instead\n',
    });
  });

  it('a tool call runs the read-only built-in and the answer follows', async () => {
    const keys = keyStore();
    await keys.set(sim.key);
    const r = await headless(['--ask', 'what time is it'], { keys, settings: { ...defaultSettings(), endpoint: `${sim.url}?sim_scenario=tool-call&sim_tool=get_datetime` } });
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/The tool returned: .*unixMs/);
  });
});
