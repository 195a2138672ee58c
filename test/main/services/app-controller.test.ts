import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppController } from '../../../src/main/services/app-controller';
import { EventHub } from '../../../src/main/ipc/event-hub';
import { SettingsStore } from '../../../src/main/services/settings/settings-store';
import type { KeyStorePort } from '../../../src/main/services/ports';
import type { AudioToRenderer } from '../../../src/shared/ipc/audio-messages';
import { fakeFactory, type FakeSession } from './fake-session';
import { memoryBackend } from './controller-rig';
import { createToolSystem, toolSettingsFromStore, type ToolSystem } from '../../../src/main/tools';
import { recordingPorts, tempDir } from '../tools/helpers';

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

function keyStore(key: string | undefined): KeyStorePort {
  const status = { set: key !== undefined, source: key ? ('keychain' as const) : ('none' as const), secureStorageAvailable: true };
  return { status: async () => status, set: async () => status, clear: async () => status, read: async () => key };
}

function setup(opts: { key?: string; demo?: boolean; visible?: boolean; tailMs?: number; tools?: (s: SettingsStore) => ToolSystem } = {}) {
  const { factory, sessions } = fakeFactory();
  const settings = new SettingsStore(memoryBackend(), logger);
  if (opts.tailMs !== undefined) settings.update({ audio: { tailMs: opts.tailMs } });
  const tools = opts.tools?.(settings);
  const events = new EventHub({ validate: true, logger });
  const emitted: Array<{ name: string; payload: unknown }> = [];
  events.subscribe((name, payload) => emitted.push({ name, payload }));
  const notifier = { notify: vi.fn() };
  const shell = {
    isWindowVisible: () => opts.visible ?? true,
    showWindow: vi.fn(),
    showQuickAsk: vi.fn(),
    openLogs: vi.fn(async () => {}),
    setLaunchAtLogin: vi.fn(),
    quit: vi.fn(),
  };
  const controller = new AppController({
    identity: { name: 'T', version: '1', platform: 'linux', host: 'test-host' },
    sessionFactory: factory,
    settings,
    keys: keyStore('key' in opts ? opts.key : 'cmVhbC1rZXk='),
    demo: opts.demo ? { demo: true, endpointOverride: 'ws://127.0.0.1:1/x', demoKey: 'ZGVtbw==' } : { demo: false, demoKey: 'ZGVtbw==' },
    events,
    logger,
    notifier,
    shell,
    flushTimeoutMs: 50,
    ...(tools ? { tools } : {}),
  });
  const audio: AudioToRenderer[] = [];
  controller.attachAudio((m) => {
    audio.push(m);
    return true;
  });
  const session = () => sessions[0] as FakeSession;
  return { controller, settings, sessions, session, emitted, audio, notifier, shell, tools };
}

const pcm = (...samples: number[]) => new Int16Array(samples).buffer;

describe('AppController push-to-talk glue', () => {
  it('press → capture on + beginUserTurn; mic frames → appendAudio; release → capture off → mic-end → commit', async () => {
    const t = setup();
    await t.controller.pttPress('hotkey');
    const s = t.session();
    const on = t.audio.find((m) => m.kind === 'capture' && m.on);
    expect(on).toBeDefined();
    expect(s.callNames()).toEqual(['connect', 'beginUserTurn']);
    const turnId = (on as { turnId: number }).turnId;
    t.controller.handleAudio({ kind: 'mic', turnId, pcm: pcm(1, 2, 3) });
    expect([...new Int16Array(s.appended[0]!)]).toEqual([1, 2, 3]);
    expect(t.controller.pttState()).toMatchObject({ active: true, source: 'hotkey' });

    const released = t.controller.pttRelease('hotkey');
    await tick();
    expect(t.audio.at(-1)).toEqual({ kind: 'capture', turnId, on: false });
    // The tail arrives after capture off and still belongs to the turn.
    t.controller.handleAudio({ kind: 'mic', turnId, pcm: pcm(4) });
    expect(s.callNames()).not.toContain('commitUserTurn');
    t.controller.handleAudio({ kind: 'mic-end', turnId });
    await released;
    expect(s.callNames().slice(-2)).toEqual(['appendAudio', 'commitUserTurn']);
    expect(s.appended).toHaveLength(2);
    expect(t.controller.pttState().active).toBe(false);
  });

  it('holds frames that arrive before beginUserTurn finished and sends them after, in order', async () => {
    const t = setup();
    await t.controller.handlers['session.connect'](undefined, { frameUrl: '', isMainFrame: true, senderId: 0 });
    const s = t.session();
    s.beginDelayMs = 30;
    const pressed = t.controller.pttPress('window');
    await tick();
    const turnId = (t.audio.find((m) => m.kind === 'capture' && m.on) as { turnId: number }).turnId;
    t.controller.handleAudio({ kind: 'mic', turnId, pcm: pcm(7) });
    t.controller.handleAudio({ kind: 'mic', turnId, pcm: pcm(8) });
    expect(s.appended).toHaveLength(0); // beginUserTurn clears the input buffer: nothing may go before it
    await pressed;
    expect(s.appended.map((b) => new Int16Array(b)[0])).toEqual([7, 8]);
    expect(s.callNames().indexOf('beginUserTurn')).toBeLessThan(s.callNames().indexOf('appendAudio'));
  });

  it('drops frames of a stale turn and commits on timeout when mic-end never comes', async () => {
    const t = setup({ tailMs: 0 });
    await t.controller.pttPress('hotkey');
    const s = t.session();
    t.controller.handleAudio({ kind: 'mic', turnId: 999, pcm: pcm(1) });
    expect(s.appended).toHaveLength(0);
    const start = Date.now();
    await t.controller.pttRelease('hotkey');
    expect(Date.now() - start).toBeGreaterThanOrEqual(1400); // tailMs + 1500 ms grace
    expect(s.callNames()).toContain('commitUserTurn');
  }, 10_000);

  it('a second press while talking and a release while idle change nothing', async () => {
    const t = setup();
    await t.controller.pttPress('hotkey');
    await t.controller.pttPress('window');
    expect(t.session().callNames().filter((c) => c === 'beginUserTurn')).toHaveLength(1);
    t.controller.pttAbort();
    expect(t.session().callNames()).toContain('cancelUserTurn');
    await t.controller.pttRelease('hotkey');
    expect(t.session().callNames()).not.toContain('commitUserTurn');
  });

  it('hands-free streams mic frames without press/release and ignores presses', async () => {
    const t = setup();
    await t.controller.handlers['session.connect'](undefined, { frameUrl: '', isMainFrame: true, senderId: 0 });
    t.settings.update({ mode: 'hands-free' });
    expect(t.session().calls.find((c) => c.method === 'updateOptions')?.args[0]).toEqual({ mode: 'hands-free' });
    expect(t.audio.at(-1)).toEqual({ kind: 'capture-mode', mode: 'hands-free', armed: true });
    t.controller.handleAudio({ kind: 'mic', turnId: 0, pcm: pcm(9) });
    expect(t.session().appended).toHaveLength(1);
    await t.controller.pttPress('hotkey');
    expect(t.session().callNames()).not.toContain('beginUserTurn');
  });
});

describe('AppController audio out and playback', () => {
  it('forwards session audio as raw PCM and flushes on audioFlush', async () => {
    const t = setup();
    await t.controller.handlers['session.connect'](undefined, { frameUrl: '', isMainFrame: true, senderId: 0 });
    t.session().emit('audio', { responseId: 'r1', itemId: 'i1', pcm: pcm(5, -5) });
    const out = t.audio.find((m) => m.kind === 'out') as { pcm: ArrayBuffer; itemId: string };
    expect(out.itemId).toBe('i1');
    expect([...new Int16Array(out.pcm)]).toEqual([5, -5]);
    t.session().emit('audioFlush', { responseId: 'r1' });
    expect(t.audio.at(-1)).toMatchObject({ kind: 'flush' });
  });

  it('PlaybackPort.stop() resolves with what the renderer reports in flushed', async () => {
    const t = setup();
    await t.controller.handlers['session.connect'](undefined, { frameUrl: '', isMainFrame: true, senderId: 0 });
    const playback = t.session().options.playback!;
    const stopping = playback.stop();
    const flush = t.audio.at(-1) as { kind: 'flush'; requestId: number };
    expect(flush.kind).toBe('flush');
    t.controller.handleAudio({ kind: 'flushed', requestId: flush.requestId + 100, played: [{ itemId: 'x', playedSamples: 1 }] });
    t.controller.handleAudio({ kind: 'flushed', requestId: flush.requestId, played: [{ itemId: 'i1', playedSamples: 4800 }] });
    await expect(stopping).resolves.toEqual([{ itemId: 'i1', playedSamples: 4800 }]);
  });

  it('PlaybackPort.stop() falls back to the last played progress when the renderer does not answer', async () => {
    const t = setup();
    await t.controller.handlers['session.connect'](undefined, { frameUrl: '', isMainFrame: true, senderId: 0 });
    t.controller.handleAudio({ kind: 'played', itemId: 'i1', samples: 2400 });
    t.controller.handleAudio({ kind: 'played', itemId: 'i1', samples: 1200 }); // never goes backwards
    await expect(t.session().options.playback!.stop()).resolves.toEqual([{ itemId: 'i1', playedSamples: 2400 }]);
  });

  it('malformed audio messages are dropped, not thrown', () => {
    const t = setup();
    expect(() => t.controller.handleAudio({ kind: 'bogus' } as never)).not.toThrow();
    expect(() => t.controller.handleAudio(null as never)).not.toThrow();
    expect(() => t.controller.handleAudio({ kind: 'mic', turnId: 1, pcm: 'not a buffer' } as never)).not.toThrow();
  });
});

describe('AppController session and calls', () => {
  it('without a key, connect fails with a clear message and the state says no_key', async () => {
    const t = setup({ key: undefined });
    await expect(t.controller.handlers['session.connect'](undefined, { frameUrl: '', isMainFrame: true, senderId: 0 })).rejects.toThrow(/API key/);
    expect(t.sessions).toHaveLength(0);
    expect(t.controller.connectionState()).toMatchObject({ status: 'error', error: { code: 'no_key' } });
  });

  it('demo mode never reads the keychain and uses the demo endpoint and key', async () => {
    const t = setup({ demo: true, key: 'cmVhbC1rZXk=' });
    await t.controller.handlers['session.connect'](undefined, { frameUrl: '', isMainFrame: true, senderId: 0 });
    expect(t.session().options).toMatchObject({ apiKey: 'ZGVtbw==', endpoint: 'ws://127.0.0.1:1/x' });
    expect(t.controller.handlers['app.info'](undefined, { frameUrl: '', isMainFrame: true, senderId: 0 })).toMatchObject({ demo: true });
  });

  it('a call that needs a session gives up after the timeout while the core keeps retrying', async () => {
    const { factory, sessions } = fakeFactory((s) => {
      s.connect = () => new Promise<void>(() => s.setStatus('reconnecting')); // never ready
    });
    const m = new Map<string, unknown>();
    const controller = new AppController({
      identity: { name: 'T', version: '1', platform: 'linux', host: 'test-host' },
      sessionFactory: factory,
      settings: new SettingsStore({ get: (k) => m.get(k), set: (k, v) => void m.set(k, v) }, logger),
      keys: keyStore('cmVhbC1rZXk='),
      demo: { demo: false, demoKey: '' },
      events: new EventHub({ validate: true, logger }),
      logger,
      ensureTimeoutMs: 50,
    });
    await expect(controller.handlers['session.sendText']({ text: 'hi' }, { frameUrl: '', isMainFrame: true, senderId: 0 })).rejects.toThrow(/still trying/);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.callNames()).not.toContain('sendText');
    expect(controller.connectionState().status).toBe('reconnecting');
  });

  it('concurrent connects open one session', async () => {
    const t = setup();
    const s = { frameUrl: '', isMainFrame: true, senderId: 0 };
    await Promise.all([t.controller.handlers['session.connect'](undefined, s), t.controller.handlers['session.connect'](undefined, s)]);
    expect(t.sessions).toHaveLength(1);
  });

  it('sendText connects on demand, and entries reach conversation.list and events', async () => {
    const t = setup();
    await t.controller.handlers['session.sendText']({ text: 'hello' }, { frameUrl: '', isMainFrame: true, senderId: 0 });
    await tick();
    const list = t.controller.handlers['conversation.list'](undefined, { frameUrl: '', isMainFrame: true, senderId: 0 }) as Array<{ text: string }>;
    expect(list.map((e) => e.text)).toEqual(['hello', 'Hello from the fake session.']);
    expect(t.emitted.filter((e) => e.name === 'conversation.entry')).toHaveLength(2);
  });

  it('quick ask sends a text-only turn in the launcher\'s own session, not the main conversation', async () => {
    const t = setup();
    await t.controller.handlers['session.connect'](undefined, { frameUrl: '', isMainFrame: true, senderId: 0 });
    const { answer } = await t.controller.handlers['app.quickAsk']({ text: 'time?' }, { frameUrl: '', isMainFrame: true, senderId: 0 });
    expect(answer).toBe('Hello from the fake session.');
    expect(t.sessions).toHaveLength(2);
    const quick = t.sessions[1] as FakeSession;
    expect(quick.calls.find((c) => c.method === 'sendText')?.args).toEqual(['time?', { textOnly: true }]);
    expect(t.session().callNames()).not.toContain('sendText');
    expect(quick.options.instructions).toMatch(/launcher/);
    expect(quick.options.mode).toBe('push-to-talk');
  });

  it('errors notify natively only while the window is hidden', async () => {
    const hidden = setup({ visible: false });
    await hidden.controller.handlers['session.connect'](undefined, { frameUrl: '', isMainFrame: true, senderId: 0 });
    hidden.session().setStatus('error', { code: 'bad_key', message: 'Key rejected.', fix: 'Check it.' });
    expect(hidden.notifier.notify).toHaveBeenCalledWith(expect.objectContaining({ level: 'error', body: 'Key rejected. Check it.' }));

    const shown = setup({ visible: true });
    await shown.controller.handlers['session.connect'](undefined, { frameUrl: '', isMainFrame: true, senderId: 0 });
    shown.session().setStatus('error', { code: 'bad_key', message: 'Key rejected.', fix: 'Check it.' });
    expect(shown.notifier.notify).not.toHaveBeenCalled();
    expect(shown.emitted.filter((e) => e.name === 'session.state').at(-1)?.payload).toMatchObject({ status: 'error' });
  });

  it('settings changes reach the live session, the hotkey and the login item', async () => {
    const t = setup();
    await t.controller.handlers['session.connect'](undefined, { frameUrl: '', isMainFrame: true, senderId: 0 });
    t.controller.handlers['settings.update']({ voice: 'Ashley', launchAtLogin: true }, { frameUrl: '', isMainFrame: true, senderId: 0 });
    expect(t.session().calls.find((c) => c.method === 'updateOptions')?.args[0]).toEqual({ voice: 'Ashley' });
    expect(t.shell.setLaunchAtLogin).toHaveBeenCalledWith(true);
    expect(t.emitted.some((e) => e.name === 'settings.changed')).toBe(true);
  });

  it('disconnect closes the session and ignores its late events', async () => {
    const t = setup();
    await t.controller.handlers['session.connect'](undefined, { frameUrl: '', isMainFrame: true, senderId: 0 });
    const s = t.session();
    await t.controller.handlers['session.disconnect'](undefined, { frameUrl: '', isMainFrame: true, senderId: 0 });
    expect(s.callNames()).toContain('close');
    const before = t.emitted.length;
    s.emit('entry', { kind: 'message', id: 'late', role: 'assistant', text: 'late', final: true, createdAt: 1 });
    expect(t.emitted.length).toBe(before);
    expect(t.controller.connectionState().status).toBe('offline');
  });
});

describe('AppController approvals', () => {
  const sender = { frameUrl: '', isMainFrame: true, senderId: 0 };
  let data: ReturnType<typeof tempDir>;
  let system: ToolSystem | undefined;
  let ports: ReturnType<typeof recordingPorts>;
  beforeEach(() => {
    data = tempDir('controller-tools-');
    ports = recordingPorts(data.dir);
  });
  afterEach(async () => {
    await system?.shutdown();
    system = undefined;
    data.cleanup();
  });
  const withTools = (approvalTimeoutMs = 60_000) => (s: SettingsStore) =>
    (system = createToolSystem(ports, toolSettingsFromStore(s), { runtime: { approvalTimeoutMs } }));
  const requestOf = (t: ReturnType<typeof setup>) =>
    t.emitted.find((e) => e.name === 'approval.request')?.payload as { requestId: string; tool: string } | undefined;

  it('with the window hidden, a request raises a notification naming the tool, and answering it still runs the tool', async () => {
    const t = setup({ visible: false, tools: withTools() });
    const pending = t.tools!.executor.execute({ callId: 'c1', name: 'clipboard_write', argumentsJson: '{"text":"hi there"}' }, new AbortController().signal);
    await tick(10);
    expect(t.notifier.notify).toHaveBeenCalledTimes(1);
    expect(t.notifier.notify).toHaveBeenCalledWith(
      expect.objectContaining({ level: 'warn', body: expect.stringMatching(/^clipboard_write wants to run: Replace the clipboard with: "hi there"/) }),
    );
    const req = requestOf(t)!;
    expect(req.tool).toBe('clipboard_write');
    expect(ports.recorded.clipboard).toBe(''); // nothing happens before the answer
    expect(t.controller.handlers['approval.respond']({ requestId: req.requestId, decision: 'allow' }, sender)).toEqual({ ok: true });
    expect(JSON.parse(await pending)).toEqual({ ok: true, length: 8 });
    expect(ports.recorded.clipboard).toBe('hi there');
    expect(t.emitted.find((e) => e.name === 'approval.resolved')?.payload).toEqual({ requestId: req.requestId, decision: 'allow' });
  });

  it('with the window visible, the request goes to the window only', async () => {
    const t = setup({ visible: true, tools: withTools() });
    const pending = t.tools!.executor.execute({ callId: 'c2', name: 'clipboard_write', argumentsJson: '{"text":"x"}' }, new AbortController().signal);
    await tick(10);
    const req = requestOf(t)!;
    expect(req.tool).toBe('clipboard_write');
    expect(t.notifier.notify).not.toHaveBeenCalled();
    t.controller.handlers['approval.respond']({ requestId: req.requestId, decision: 'deny' }, sender);
    expect(JSON.parse(await pending)).toMatchObject({ denied: true });
    expect(ports.recorded.clipboard).toBe('');
  });

  it('an unanswered request times out as denied; a late answer is refused and nothing runs', async () => {
    const t = setup({ visible: false, tools: withTools(100) });
    const out = JSON.parse(
      await t.tools!.executor.execute({ callId: 'c3', name: 'clipboard_write', argumentsJson: '{"text":"late"}' }, new AbortController().signal),
    ) as { error: string; denied: boolean };
    expect(out).toMatchObject({ denied: true, error: expect.stringMatching(/approval timed out.*NOT performed/) });
    const req = requestOf(t)!;
    expect(t.emitted.find((e) => e.name === 'approval.resolved')?.payload).toEqual({ requestId: req.requestId, decision: 'timeout' });
    expect(() => t.controller.handlers['approval.respond']({ requestId: req.requestId, decision: 'allow' }, sender)).toThrow(/no longer open/);
    expect(ports.recorded.clipboard).toBe('');
  });
});

describe('AppController tray menu', () => {
  it('talk toggles push-to-talk from the tray; mode items change the setting; window items go to the shell', async () => {
    const t = setup();
    t.controller.trayAction('talk');
    await tick();
    expect(t.controller.pttState()).toMatchObject({ active: true, source: 'tray' });
    t.controller.trayAction('talk');
    await tick();
    expect(t.controller.pttActive).toBe(false);

    t.controller.trayAction('mode-hands-free');
    expect(t.settings.get().mode).toBe('hands-free');
    t.controller.trayAction('mode-ptt');
    expect(t.settings.get().mode).toBe('push-to-talk');

    t.controller.trayAction('settings');
    expect(t.shell.showWindow).toHaveBeenCalledTimes(1);
    expect(t.emitted.filter((e) => e.name === 'ui.navigate').map((e) => e.payload)).toEqual([{ screen: 'settings' }]);
    t.controller.trayAction('quick-ask');
    expect(t.shell.showQuickAsk).toHaveBeenCalledTimes(1);
    t.controller.trayAction('logs');
    expect(t.shell.openLogs).toHaveBeenCalledTimes(1);
    t.controller.trayAction('quit');
    expect(t.shell.quit).toHaveBeenCalledTimes(1);
  });
});

describe('AppController capture problems', () => {
  it('leaves a visible window to show them itself; notifies only while the window is hidden', () => {
    const shown = setup({ visible: true });
    shown.controller.handleAudio({ kind: 'capture-status', state: 'denied', message: 'Microphone access was denied.' });
    expect(shown.emitted.filter((e) => e.name === 'notice')).toEqual([]);
    expect(shown.notifier.notify).not.toHaveBeenCalled();

    const hidden = setup({ visible: false });
    hidden.controller.handleAudio({ kind: 'capture-status', state: 'denied', message: 'Microphone access was denied.' });
    expect(hidden.emitted.filter((e) => e.name === 'notice')).toEqual([]);
    expect(hidden.notifier.notify).toHaveBeenCalledWith({ title: 'Inworld Desk', body: 'Microphone access was denied.', level: 'error' });
    hidden.controller.handleAudio({ kind: 'capture-status', state: 'ok' });
    expect(hidden.notifier.notify).toHaveBeenCalledTimes(1);
  });
});
