import { describe, expect, it, vi } from 'vitest';
import { TypedEmitter } from '../../../src/shared/typed-emitter';
import { AppController } from '../../../src/main/services/app-controller';
import { EventHub } from '../../../src/main/ipc/event-hub';
import type { KeyStorePort, ToolRuntimePort } from '../../../src/main/services/ports';
import type { ApprovalRequest } from '../../../src/main/tools';
import { SettingsGuard } from '../../../src/main/services/settings/settings-guard';
import { SettingsStore, type KeyValueBackend } from '../../../src/main/services/settings/settings-store';
import { ScriptedConfirmer } from '../../host/scripted-confirmer';
import { fakeFactory } from './fake-session';

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const sender = { frameUrl: '', isMainFrame: true, senderId: 0 };

function memoryBackend(): KeyValueBackend {
  const m = new Map<string, unknown>();
  return { get: (k) => m.get(k), set: (k, v) => void m.set(k, v) };
}

/** A tool runtime double that records how the controller answers approvals. */
function toolsDouble() {
  const requests = new TypedEmitter<{ request: ApprovalRequest }>();
  const answered: Array<[string, string, boolean]> = [];
  const port: ToolRuntimePort = {
    executor: {} as ToolRuntimePort['executor'],
    list: () => [],
    setPolicy: vi.fn(),
    respondApproval: (id, decision, remember) => {
      answered.push([id, decision, remember]);
      return true;
    },
    mcpStatus: () => [],
    onMcpStatus: () => ({ dispose() {} }),
    onApprovalRequest: (l) => requests.on('request', l),
    onApprovalResolved: () => ({ dispose() {} }),
  };
  return { port, answered, ask: (r: ApprovalRequest) => requests.emit('request', r) };
}

async function setup(withGuard: boolean, answer = false) {
  const settings = new SettingsStore(memoryBackend(), logger);
  const events = new EventHub({ validate: true, logger });
  const confirmer = new ScriptedConfirmer(answer);
  const guard = withGuard
    ? new SettingsGuard({ store: settings, gate: confirmer, seal: { read: async () => undefined, write: async () => {} }, logger, notice: () => {} })
    : undefined;
  const tools = toolsDouble();
  const keys: KeyStorePort = { status: vi.fn(), set: vi.fn(), clear: vi.fn(), read: async () => 'a2V5' } as unknown as KeyStorePort;
  const controller = new AppController({
    identity: { name: 'T', version: '1', platform: 'linux', host: 'test-host' },
    sessionFactory: fakeFactory().factory,
    settings,
    keys,
    demo: { demo: false, demoKey: '' },
    events,
    logger,
    tools: tools.port,
    ...(guard ? { guard } : {}),
  });
  return { controller, settings, confirmer, tools };
}

const request = (risk: ApprovalRequest['risk'], id = 'r1'): ApprovalRequest => ({
  requestId: id,
  callId: 'c1',
  tool: risk === 'dangerous' ? 'run_command' : 'write_note',
  argumentsJson: '{}',
  risk,
  summary: risk === 'dangerous' ? 'Run: /usr/bin/rm -rf /home/u' : 'Save a note',
  expiresAt: Date.now() + 60_000,
});

describe('the page can only request privileged things', () => {
  it('without a confirming gate, settings.update refuses privileged parts and keeps settings', async () => {
    const t = await setup(false);
    expect(() => t.controller.handlers['settings.update']({ endpoint: 'wss://evil.example/x' }, sender)).toThrow(/confirmation/);
    expect(t.settings.get().endpoint).toMatch(/inworld\.ai/);
    expect(t.controller.handlers['settings.update']({ voice: 'Ashley' }, sender)).toMatchObject({ settings: { voice: 'Ashley' } });
  });

  it('settings.update returns the privileged part as pending', async () => {
    const t = await setup(true);
    const r = (await t.controller.handlers['settings.update']({ tools: { runCommandEnabled: true } }, sender)) as { pending?: unknown };
    expect(r.pending).toMatchObject({ changes: [expect.stringMatching(/run commands/)] });
    expect(t.settings.get().tools.runCommandEnabled).toBe(false);
  });

  it('tools.setPolicy "allow" needs the dialog; "never" does not', async () => {
    const t = await setup(true, false);
    await expect(t.controller.handlers['tools.setPolicy']({ name: 'write_note', policy: 'allow' }, sender)).rejects.toThrow(/not confirmed/);
    expect(t.settings.get().tools.policies.write_note).toBeUndefined();
    await t.controller.handlers['tools.setPolicy']({ name: 'write_note', policy: 'never' }, sender);
    expect(t.confirmer.asked).toHaveLength(1);
  });

  it('the page cannot approve a dangerous request or remember "allow" on its own', async () => {
    const t = await setup(true, false);
    t.tools.ask(request('dangerous'));
    await expect(t.controller.handlers['approval.respond']({ requestId: 'r1', decision: 'allow' }, sender)).rejects.toThrow(/not confirmed/);
    expect(t.confirmer.asked[0]!.changes[0]).toContain('/usr/bin/rm -rf /home/u');
    t.tools.ask(request('write', 'r2'));
    await expect(t.controller.handlers['approval.respond']({ requestId: 'r2', decision: 'allow', remember: true }, sender)).rejects.toThrow();
    expect(t.tools.answered).toEqual([]);
    // A one-off "allow" of a write and any "deny" stay one click in the page.
    await t.controller.handlers['approval.respond']({ requestId: 'r2', decision: 'allow' }, sender);
    await t.controller.handlers['approval.respond']({ requestId: 'r1', decision: 'deny', remember: true }, sender);
    expect(t.tools.answered).toEqual([
      ['r2', 'allow', false],
      ['r1', 'deny', true],
    ]);
  });

  it('a confirmed dangerous approval goes through', async () => {
    const t = await setup(true, true);
    t.tools.ask(request('dangerous'));
    await t.controller.handlers['approval.respond']({ requestId: 'r1', decision: 'allow' }, sender);
    expect(t.tools.answered).toEqual([['r1', 'allow', false]]);
  });
});
