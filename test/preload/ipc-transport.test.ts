import { describe, expect, it, vi } from 'vitest';
import { createIpcTransport, type IpcRendererLike, type MessagePortLike } from '../../src/preload/ipc-transport';
import { buildAssistantApi, BridgeError } from '../../src/shared/ipc/bridge-api';
import { EVENT_NAMES, IPC_AUDIO_PORT, IPC_CALL_PREFIX, IPC_EVENT_PREFIX } from '../../src/shared/ipc/contract';

/** A fake ipcRenderer: records invokes, lets the test deliver events the way Electron would. */
function fakeIpc(reply: (channel: string, input: unknown) => unknown) {
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  const ipc: IpcRendererLike = {
    invoke: vi.fn(async (channel: string, input: unknown) => reply(channel, input)),
    on: (channel, l) => {
      let s = listeners.get(channel);
      if (!s) listeners.set(channel, (s = new Set()));
      s.add(l as (...a: unknown[]) => void);
    },
    removeListener: (channel, l) => listeners.get(channel)?.delete(l as (...a: unknown[]) => void),
  };
  const fire = (channel: string, event: unknown, ...args: unknown[]) => {
    for (const l of listeners.get(channel) ?? []) l(event, ...args);
  };
  return { ipc, fire, listeners };
}

function fakePort(): MessagePortLike & { posted: unknown[]; closed: boolean } {
  return { posted: [], closed: false, onmessage: null, start() {}, postMessage(m) { this.posted.push(m); }, close() { this.closed = true; } };
}

describe('preload IPC transport', () => {
  it('maps verbs to contract channels and unwraps results', async () => {
    const { ipc } = fakeIpc(() => ({ ok: true, value: { ok: true } }));
    const api = buildAssistantApi(createIpcTransport(ipc));
    await expect(api.session.sendText({ text: 'hi' })).resolves.toEqual({ ok: true });
    expect(ipc.invoke).toHaveBeenCalledWith(`${IPC_CALL_PREFIX}session.sendText`, { text: 'hi' });
  });

  it('turns a refusal into a thrown BridgeError with its code', async () => {
    const { ipc } = fakeIpc(() => ({ ok: false, error: { code: 'bad_payload', message: 'text: too short' } }));
    const api = buildAssistantApi(createIpcTransport(ipc));
    const err = await api.session.sendText({ text: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeError);
    expect(err).toMatchObject({ code: 'bad_payload', message: 'text: too short' });
  });

  it('a malformed reply is a BridgeError, not undefined', async () => {
    const { ipc } = fakeIpc(() => 'garbage');
    const api = buildAssistantApi(createIpcTransport(ipc));
    await expect(api.app.info()).rejects.toMatchObject({ code: 'failed' });
  });

  it('event listeners get only the payload, never the IPC event, and can unsubscribe', () => {
    const { ipc, fire } = fakeIpc(() => undefined);
    const api = buildAssistantApi(createIpcTransport(ipc));
    const seen: unknown[][] = [];
    const off = api.ptt.onState((...args: unknown[]) => seen.push(args));
    const ipcEvent = { sender: { send() {} }, ports: [] };
    fire(`${IPC_EVENT_PREFIX}ptt.state`, ipcEvent, { active: true });
    expect(seen).toEqual([[{ active: true }]]);
    off();
    fire(`${IPC_EVENT_PREFIX}ptt.state`, ipcEvent, { active: false });
    expect(seen).toHaveLength(1);
  });

  it('exposes a listener for every contract event, including un-namespaced ones', () => {
    const { ipc } = fakeIpc(() => undefined);
    const api = buildAssistantApi(createIpcTransport(ipc)) as unknown as Record<string, Record<string, unknown>>;
    for (const name of EVENT_NAMES) {
      const dot = name.indexOf('.');
      const noun = dot < 0 ? name : name.slice(dot + 1);
      const target = dot < 0 ? api : api[name.slice(0, dot)]!;
      expect(typeof target[`on${noun[0]!.toUpperCase()}${noun.slice(1)}`], name).toBe('function');
    }
    expect(() => (api.ptt!.onState as (l: unknown) => void)('not a function')).toThrow(TypeError);
  });

  it('queues audio until main hands over the port, then uses the newest port only', () => {
    const { ipc, fire } = fakeIpc(() => undefined);
    const api = buildAssistantApi(createIpcTransport(ipc));
    const got: unknown[] = [];
    api.audio.onMessage((m) => got.push(m));
    api.audio.post({ kind: 'mic-end', turnId: 1 });
    const first = fakePort();
    fire(IPC_AUDIO_PORT, { ports: [first] });
    expect(first.posted).toEqual([{ kind: 'mic-end', turnId: 1 }]);
    first.onmessage?.({ data: { kind: 'flush', requestId: 3 } });
    expect(got).toEqual([{ kind: 'flush', requestId: 3 }]);

    const second = fakePort(); // page reload: a fresh port replaces the old one
    fire(IPC_AUDIO_PORT, { ports: [second] });
    expect(first.closed).toBe(true);
    api.audio.post({ kind: 'played', itemId: 'i', samples: 10 });
    expect(second.posted).toEqual([{ kind: 'played', itemId: 'i', samples: 10 }]);
    expect(first.posted).toHaveLength(1);
  });

  it('posts mic PCM without a transfer list, so the frame reaches main intact', () => {
    // Main's end is a MessagePortMain: a transferred ArrayBuffer arrives as a message with its data
    // lost (electron/electron#34905), so the transport must let structured clone copy it.
    const { ipc, fire } = fakeIpc(() => undefined);
    const api = buildAssistantApi(createIpcTransport(ipc));
    const port = { ...fakePort(), postMessage: vi.fn() };
    fire(IPC_AUDIO_PORT, { ports: [port] });
    const pcm = new Int16Array([1, -2, 3]).buffer;
    api.audio.post({ kind: 'mic', turnId: 2, pcm });
    expect(port.postMessage).toHaveBeenCalledTimes(1);
    expect(port.postMessage.mock.calls[0]).toEqual([{ kind: 'mic', turnId: 2, pcm }]);
    expect(pcm.byteLength).toBe(6);
  });
});
