import { afterEach, describe, expect, it } from 'vitest';
import type { ToolRuntimePort } from '../../../src/main/services/ports';
import { createToolSystem, toolSettingsFromStore, type ToolSystem } from '../../../src/main/tools';
import { defaultSettings, SettingsSchema, type Settings, type SettingsPatch } from '../../../src/shared/settings';
import { toDisposable } from '../../../src/shared/disposable';
import { alive, stdioConfig, waitFor } from './mcp/mcp-helpers';
import { call, never, parse, recordingPorts, tempDir } from './helpers';

/** A store with the shell's semantics: update merges, validates and notifies. */
function store() {
  let value: Settings = defaultSettings();
  const listeners = new Set<(s: Settings) => void>();
  return {
    get: () => structuredClone(value),
    update(patch: SettingsPatch): Settings {
      value = SettingsSchema.parse({ ...value, ...patch, tools: { ...value.tools, ...patch.tools } });
      for (const l of listeners) l(value);
      return value;
    },
    onDidChange(l: (s: Settings) => void) {
      listeners.add(l);
      return toDisposable(() => listeners.delete(l));
    },
  };
}

let system: ToolSystem | undefined;
let data: ReturnType<typeof tempDir> | undefined;
afterEach(async () => {
  await system?.shutdown();
  data?.cleanup();
});

describe('createToolSystem (the composition the shell wires)', () => {
  it('serves built-ins and MCP tools as the shell ToolRuntimePort, and shutdown ends the servers', async () => {
    data = tempDir('system-');
    const s = store();
    // MCP tools ask until the user allows them; this one was allowed.
    s.update({ mcpServers: [stdioConfig('srv')], tools: { policies: { mcp__srv__echo: 'allow' } } });
    system = createToolSystem(recordingPorts(data.dir), toolSettingsFromStore(s));
    const port: ToolRuntimePort = system; // compile-time: fits the shell's port as is
    expect(port.list().map((t) => t.name)).toContain('get_datetime');
    await waitFor(() => system!.mcpStatus()[0]?.state === 'running', 15_000, 'mcp running');
    expect(system.executor.definitions().map((d) => d.name)).toEqual(expect.arrayContaining(['get_datetime', 'mcp__srv__echo']));
    expect(parse(await system.executor.execute(call('mcp__srv__echo', { text: 'x' }), never()))).toEqual({ result: 'echo: x' });

    // A remembered approval is persisted through the store as a policy.
    const requests: string[] = [];
    system.onApprovalRequest((r) => {
      requests.push(r.tool);
      system!.respondApproval(r.requestId, 'allow', true);
    });
    await system.executor.execute(call('notes_append', { text: 'hello' }), never());
    expect(s.get().tools.policies.notes_append).toBe('allow');
    expect(requests).toEqual(['notes_append']);

    const pid = system.mcp.connection('srv')!.pid!;
    await system.shutdown();
    expect(alive(pid)).toBe(false);
  });

  it('shutdown denies approvals still pending', async () => {
    data = tempDir('system-');
    system = createToolSystem(recordingPorts(data.dir), toolSettingsFromStore(store()));
    const resolved: string[] = [];
    system.onApprovalResolved((r) => resolved.push(r.decision));
    const pending = system.executor.execute(call('clipboard_write', { text: 'x' }), never());
    await new Promise((r) => setTimeout(r, 20));
    await system.shutdown();
    expect(parse(await pending).denied).toBe(true);
    expect(resolved).toEqual(['deny']);
  });
});
