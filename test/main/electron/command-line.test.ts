/**
 * The Electron glue of the command line (electron/command-line.ts, headless.ts, stores.ts) against a
 * small stand-in `electron` module: a first launch with --ask answers headless through the real key
 * store, settings store and realtime core (demo mode against the simulator), printing the answer
 * and exiting with its code; a second launch quits after handing over; a bad command line exits 2.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/index';

const dir = mkdtempSync(join(tmpdir(), 'command-line-'));
const h = vi.hoisted(() => ({ lock: true, exits: [] as number[], quits: 0, released: 0, started: [] as unknown[], dir: '' }));

vi.mock('electron', () => ({
  app: {
    requestSingleInstanceLock: () => h.lock,
    releaseSingleInstanceLock: () => void h.released++,
    whenReady: () => Promise.resolve(),
    exit: (code: number) => void h.exits.push(code),
    quit: () => void h.quits++,
    on: () => {},
    getPath: (n: string) => join(h.dir, n),
  },
  clipboard: { readText: () => 'clipboard words', writeText: () => {} },
  safeStorage: {
    isAsyncEncryptionAvailable: async () => false,
    getSelectedStorageBackend: () => 'basic_text',
  },
}));
vi.mock('electron-store', () => import('../support/memory-electron-store'));

let sim: Simulator;
const savedArgv = process.argv;
beforeAll(async () => {
  h.dir = dir;
  sim = await startSimulator();
  process.env.INWORLD_REALTIME_URL = `${sim.url}?sim_scenario=echo`;
  process.env.INWORLD_DEMO_KEY = sim.key;
});
afterAll(async () => {
  delete process.env.INWORLD_REALTIME_URL;
  delete process.env.INWORLD_DEMO_KEY;
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  process.argv = savedArgv;
  h.exits = [];
  h.quits = 0;
  h.started = [];
  h.lock = true;
  vi.restoreAllMocks();
});

async function launch(...args: string[]) {
  process.argv = ['/opt/Inworld Desk/inworld-desk', ...args];
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  const { launchFromCommandLine } = await import('../../../src/main/electron/command-line');
  launchFromCommandLine(async (command) => void h.started.push(command), (err) => {
    throw err;
  });
  await vi.waitFor(() => expect(h.exits.length + h.quits + h.started.length).toBeGreaterThan(0), { timeout: 10_000 });
  vi.restoreAllMocks();
  return { out, err };
}

describe('the app\'s command line under Electron', () => {
  it('--ask with no instance running answers headless (demo mode: the simulator) and exits 0', async () => {
    const r = await launch('--ask', 'hello from the terminal');
    expect(h.exits).toEqual([0]);
    expect(h.released).toBe(1); // the lock is let go, so a normal launch meanwhile starts the app
    expect(r.out).toBe('You said: "hello from the terminal".\n');
    expect(h.started).toEqual([]);
  });

  it('--ask --context clipboard reads Electron\'s clipboard', async () => {
    const r = await launch('--ask', 'explain', '--context', 'clipboard');
    expect(h.exits).toEqual([0]);
    expect(r.out).toContain('clipboard words');
  });

  it('a second launch hands over and quits; --ask says where the answer appears', async () => {
    h.lock = false;
    const r = await launch('--ask', 'anything');
    expect(h.quits).toBe(1);
    expect(h.exits).toEqual([]);
    expect(r.out).toMatch(/asked the running Inworld Desk/);
  });

  it('a bad command line exits 2 with the reason and the usage', async () => {
    const r = await launch('--dictate', 'sideways');
    expect(h.exits).toEqual([2]);
    expect(r.err).toMatch(/^inworld-desk: --dictate must be one of .*\nusage: inworld-desk /);
  });

  it('any other first launch starts the app with its command', async () => {
    await launch('--dictate', 'toggle', '--hidden');
    expect(h.started).toEqual([{ dictate: 'toggle', quickAsk: false, hidden: true }]);
  });

  it('an error thrown while the app starts reaches the start-up error window, not an unhandled rejection', async () => {
    process.argv = ['/opt/Inworld Desk/inworld-desk'];
    const { launchFromCommandLine } = await import('../../../src/main/electron/command-line');
    const shown: unknown[] = [];
    launchFromCommandLine(
      async () => {
        throw new Error('settings folder is read-only');
      },
      (err) => void shown.push(err),
    );
    await vi.waitFor(() => expect(shown).toHaveLength(1));
    expect((shown[0] as Error).message).toBe('settings folder is read-only');
  });
});
