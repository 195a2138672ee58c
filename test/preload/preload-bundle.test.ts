/**
 * The BUILT preload (out/preload/index.cjs) as a sandboxed renderer runs it: a CommonJS script
 * whose `require` offers nothing but 'electron' (here a stand-in — the real module cannot load in
 * Node). It must expose exactly `window.assistant`, built from the contract, over ipcRenderer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CALL_NAMES, IPC_CALL_PREFIX } from '../../src/shared/ipc/contract';

const bundle = join(__dirname, '..', '..', 'out', 'preload', 'index.cjs');
const missing = existsSync(bundle) ? undefined : 'out/preload/index.cjs is not built (run `npx electron-vite build`)';
if (missing) console.log(`[preload-bundle] skipped: ${missing}`);

describe.skipIf(Boolean(missing))('built preload bundle', () => {
  it('requires only electron and exposes one frozen `assistant` with every contract verb', async () => {
    const required: string[] = [];
    const exposed: Record<string, unknown> = {};
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: unknown) => (exposed[name] = api) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => {
          invoked.push(args);
          return { ok: true, value: { ok: true } };
        },
        on: () => {},
        removeListener: () => {},
      },
    };
    const sandboxRequire = (id: string) => {
      required.push(id);
      if (id === 'electron') return electron;
      throw new Error(`module not found in the sandbox: ${id}`);
    };
    const module = { exports: {} };
    runInNewContext(readFileSync(bundle, 'utf8'), {
      require: sandboxRequire,
      module,
      exports: module.exports,
      console,
      TextEncoder,
      TextDecoder,
      URL,
      setTimeout,
      clearTimeout,
    });
    expect([...new Set(required)]).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['assistant']);
    const api = exposed.assistant as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>;
    expect(Object.isFrozen(api)).toBe(true);
    for (const name of CALL_NAMES) {
      const [ns, verb] = name.split('.') as [string, string];
      expect(typeof api[ns]?.[verb], name).toBe('function');
    }
    await expect(api.conversation!.clear!()).resolves.toEqual({ ok: true });
    expect(invoked).toEqual([[`${IPC_CALL_PREFIX}conversation.clear`, undefined]]);
  });
});
