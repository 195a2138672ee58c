import { describe, expect, it } from 'vitest';
import { buildAssistantApi, type BridgeTransport } from '../../src/shared/ipc/bridge-api';
import type { CallName, EventName } from '../../src/shared/ipc/contract';
import { defaultSettings } from '../../src/shared/settings';
import { AppStore, type ToolInfo } from '../../src/renderer/src/state/app-store';

const tool = (name: string, enabled = true): ToolInfo => ({ name, description: name, risk: 'read', policy: 'allow', source: 'builtin', enabled });

/** A transport whose tools.list answers are released by the test, to control their order. */
function transport() {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const pendingLists: Array<(tools: ToolInfo[]) => void> = [];
  const calls: Array<{ name: CallName; input: unknown }> = [];
  const results: Partial<Record<CallName, (input: unknown) => unknown>> = {
    'app.info': () => ({ name: 'x', version: '0', platform: 'linux', demo: true, host: 'test-host' }),
    'session.state': () => ({ status: 'ready', mode: 'push-to-talk', phase: 'idle', demo: true }),
    'conversation.list': () => [],
    'settings.get': () => ({ ...defaultSettings(), onboardingDone: true }),
    'apiKey.status': () => ({ set: false, source: 'none', secureStorageAvailable: true }),
    'ptt.state': () => ({ active: false, source: 'none', hotkey: { accelerator: '', behaviour: 'auto', registered: false, holdSupported: false } }),
    'tools.list': () => new Promise((r) => pendingLists.push(r)),
    'tools.setPolicy': () => ({ ok: true }),
    'mcp.list': () => [{ id: 'a', name: 'A', state: 'starting', toolCount: 0, stderrTail: '', restarts: 0 }],
  };
  const t: BridgeTransport = {
    invoke: async (name, input) => {
      calls.push({ name, input });
      return results[name]?.(input);
    },
    subscribe: (name, l) => {
      const set = listeners.get(name) ?? new Set();
      set.add(l);
      listeners.set(name, set);
      return () => set.delete(l);
    },
    postAudio: () => undefined,
    onAudio: () => () => undefined,
  };
  const fire = (name: EventName, payload: unknown) => listeners.get(name)?.forEach((l) => l(payload));
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return { api: buildAssistantApi(t), pendingLists, calls, fire, flush };
}

describe('AppStore: tools, MCP servers and screens', () => {
  it('switches screens when main asks (tray "Settings")', async () => {
    const t = transport();
    const store = new AppStore(t.api);
    await store.init();
    expect(store.getSnapshot().screen).toBe('conversation');
    t.fire('ui.navigate', { screen: 'settings' });
    expect(store.getSnapshot().screen).toBe('settings');
    store.showScreen('conversation');
    expect(store.getSnapshot().screen).toBe('conversation');
  });

  it('reloads the tools when settings or MCP servers change, and never applies an older answer over a newer one', async () => {
    const t = transport();
    const store = new AppStore(t.api);
    await store.init();
    await t.flush();
    expect(t.pendingLists).toHaveLength(1);
    t.pendingLists[0]!([tool('get_datetime')]);
    await t.flush();
    expect(store.getSnapshot().tools?.map((x) => x.name)).toEqual(['get_datetime']);

    t.fire('settings.changed', { ...defaultSettings(), onboardingDone: true, tools: { policies: {}, allowedFolders: ['/tmp'], runCommandEnabled: false } });
    t.fire('mcp.status', [{ id: 'a', name: 'A', state: 'running', toolCount: 1, stderrTail: '', restarts: 0 }]);
    await t.flush();
    expect(t.pendingLists).toHaveLength(3);
    expect(store.getSnapshot().mcp[0]?.state).toBe('running');
    // The newest request answers first; the stale one arriving later is ignored.
    t.pendingLists[2]!([tool('get_datetime'), tool('read_text_file'), tool('mcp__a__echo')]);
    await t.flush();
    t.pendingLists[1]!([tool('get_datetime')]);
    await t.flush();
    expect(store.getSnapshot().tools?.map((x) => x.name)).toEqual(['get_datetime', 'read_text_file', 'mcp__a__echo']);
  });

  it('does not let the initial MCP list overwrite a newer status push', async () => {
    const t = transport();
    const store = new AppStore(t.api);
    const loading = store.init();
    t.fire('mcp.status', [{ id: 'a', name: 'A', state: 'running', toolCount: 3, stderrTail: '', restarts: 0 }]);
    await loading;
    await t.flush();
    expect(store.getSnapshot().mcp[0]).toMatchObject({ state: 'running', toolCount: 3 });
  });

  it('sends a policy change to main and reloads the list', async () => {
    const t = transport();
    const store = new AppStore(t.api);
    await store.init();
    await t.flush();
    const changing = store.setToolPolicy('get_datetime', 'never');
    await t.flush();
    expect(t.calls.find((c) => c.name === 'tools.setPolicy')?.input).toEqual({ name: 'get_datetime', policy: 'never' });
    t.pendingLists.at(-1)!([{ ...tool('get_datetime'), policy: 'never' }]);
    await changing;
    expect(store.getSnapshot().tools?.[0]?.policy).toBe('never');
  });
});
