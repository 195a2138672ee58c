import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../src/shared/settings';
import { AppStore, type ToolInfo } from '../../../src/renderer/src/state/app-store';
import { fakeTransport } from '../support/fake-bridge';

const tool = (name: string, enabled = true): ToolInfo => ({ name, description: name, risk: 'read', policy: 'allow', source: 'builtin', enabled });

/** The fake bridge, with tools.list answers released by the test to control their order. */
function transport() {
  const pendingLists: Array<(tools: ToolInfo[]) => void> = [];
  const t = fakeTransport({
    'tools.list': () => new Promise((r) => pendingLists.push(r)),
    'tools.setPolicy': () => ({ ok: true }),
    'mcp.list': () => [{ id: 'a', name: 'A', state: 'starting', toolCount: 0, stderrTail: '', restarts: 0 }],
  });
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return { ...t, pendingLists, flush };
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
