import { describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, IPC_CALL_PREFIX } from '../../../src/shared/ipc/contract';
import { toDisposable } from '../../../src/shared/disposable';
import { registerHandlers } from '../../../src/main/ipc/register-handlers';
import { createCallDispatcher } from '../../../src/main/ipc/call-dispatcher';
import type { IpcMainPort } from '../../../src/main/ipc/ipc-port';
import { CallFailure } from '../../../src/shared/ipc/call-result';
import type { CallHandlers, CallSender } from '../../../src/shared/ipc/contract';
import { createSenderPolicy } from '../../../src/main/ipc/sender-policy';
import { EventHub } from '../../../src/main/ipc/event-hub';

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const APP: CallSender = { frameUrl: 'app://app/index.html', isMainFrame: true, senderId: 1 };

/** An in-memory ipcMain: channel → handler, like ipcMain.handle. */
function fakeIpc() {
  const channels = new Map<string, (s: CallSender, p: unknown) => Promise<unknown>>();
  const port: IpcMainPort = {
    handle(channel, handler) {
      if (channels.has(channel)) throw new Error(`second handler for ${channel}`);
      channels.set(channel, handler);
      return toDisposable(() => channels.delete(channel));
    },
  };
  const invoke = (name: string, sender: CallSender, payload?: unknown) => {
    const h = channels.get(`${IPC_CALL_PREFIX}${name}`);
    if (!h) throw new Error(`no handler for ${name}`);
    return h(sender, payload);
  };
  return { port, channels, invoke };
}

const options = { isAllowedSender: createSenderPolicy(['app://app']), validateOutput: true, logger };

describe('registerHandlers', () => {
  it('registers one channel per contract call and removes them all on dispose', () => {
    const ipc = fakeIpc();
    const d = registerHandlers(ipc.port, {}, options);
    expect(ipc.channels.size).toBe(CALL_NAMES.length);
    d.dispose();
    expect(ipc.channels.size).toBe(0);
  });

  it('passes the parsed input to the handler and returns its value', async () => {
    const ipc = fakeIpc();
    const sendText = vi.fn(async () => ({ ok: true as const }));
    registerHandlers(ipc.port, { 'session.sendText': sendText }, options);
    await expect(ipc.invoke('session.sendText', APP, { text: '  hi  ' })).resolves.toEqual({ ok: true, value: { ok: true } });
    expect(sendText).toHaveBeenCalledWith({ text: 'hi' }, APP);
  });

  it.each([
    ['an iframe of our origin', { frameUrl: 'app://app/index.html', isMainFrame: false, senderId: 1 }],
    ['a foreign origin', { frameUrl: 'https://evil.example/', isMainFrame: true, senderId: 1 }],
    ['a look-alike host', { frameUrl: 'app://app.evil/index.html', isMainFrame: true, senderId: 1 }],
    ['a destroyed frame', { frameUrl: undefined, isMainFrame: true, senderId: 1 }],
    ['a file: page', { frameUrl: 'file:///tmp/x.html', isMainFrame: true, senderId: 1 }],
  ])('refuses %s with bad_sender and never runs the handler', async (_label, sender) => {
    const ipc = fakeIpc();
    const handler = vi.fn(() => ({ ok: true as const }));
    registerHandlers(ipc.port, { 'conversation.clear': handler }, options);
    const r = await ipc.invoke('conversation.clear', sender as CallSender);
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_sender' } });
    expect(handler).not.toHaveBeenCalled();
  });

  it.each([
    ['session.sendText', { text: '' }],
    ['session.sendText', { text: 42 }],
    ['session.sendText', 'hello'],
    ['session.setMode', { mode: 'telepathy' }],
    ['apiKey.set', { key: 'short' }],
    ['approval.respond', { requestId: 'x', decision: 'maybe' }],
    ['settings.update', { endpoint: 'http://not-a-websocket' }],
  ])('refuses a bad payload for %s with bad_payload', async (name, payload) => {
    const ipc = fakeIpc();
    const handlers: Partial<CallHandlers> = Object.fromEntries(CALL_NAMES.map((n) => [n, vi.fn()]));
    registerHandlers(ipc.port, handlers, options);
    const r = await ipc.invoke(name, APP, payload);
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_payload' } });
    expect(handlers[name as keyof CallHandlers]).not.toHaveBeenCalled();
  });

  it('answers unknown_call for a contract call without a handler', async () => {
    const ipc = fakeIpc();
    registerHandlers(ipc.port, {}, options);
    await expect(ipc.invoke('mcp.list', APP)).resolves.toMatchObject({ ok: false, error: { code: 'unknown_call' } });
  });

  it('survives throwing and rejecting handlers and keeps serving', async () => {
    const ipc = fakeIpc();
    registerHandlers(
      ipc.port,
      {
        'session.connect': () => {
          throw new TypeError('boom');
        },
        'session.disconnect': async () => {
          throw new CallFailure('No API key is set.');
        },
        'conversation.list': () => [],
      },
      options,
    );
    await expect(ipc.invoke('session.connect', APP)).resolves.toEqual({ ok: false, error: { code: 'failed', message: 'boom' } });
    await expect(ipc.invoke('session.disconnect', APP)).resolves.toEqual({ ok: false, error: { code: 'failed', message: 'No API key is set.' } });
    await expect(ipc.invoke('conversation.list', APP)).resolves.toEqual({ ok: true, value: [] });
    expect(logger.error).toHaveBeenCalled();
  });

  it('turns a handler result outside the contract into failed when validating output', async () => {
    const ipc = fakeIpc();
    registerHandlers(ipc.port, { 'conversation.list': () => [{ kind: 'nonsense' }] as never }, options);
    await expect(ipc.invoke('conversation.list', APP)).resolves.toMatchObject({ ok: false, error: { code: 'failed' } });
  });
});

describe('createCallDispatcher', () => {
  it('answers unknown_call for names outside the contract (test-host sockets can send any string)', async () => {
    const dispatch = createCallDispatcher({}, options);
    await expect(dispatch('__proto__', APP, undefined)).resolves.toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    await expect(dispatch('constructor', APP, undefined)).resolves.toMatchObject({ ok: false, error: { code: 'unknown_call' } });
  });
});

describe('EventHub', () => {
  it('drops (and logs) an event payload outside the contract when validating, delivers valid ones', () => {
    const hub = new EventHub({ validate: true, logger });
    const got: string[] = [];
    hub.subscribe((name) => got.push(name));
    hub.emit('notice', { level: 'info', message: 'hi' });
    hub.emit('notice', { level: 'shout', message: 'hi' } as never);
    expect(got).toEqual(['notice']);
  });

  it('keeps delivering when one listener throws', () => {
    const hub = new EventHub({ validate: false, logger });
    const got: string[] = [];
    hub.subscribe(() => {
      throw new Error('x');
    });
    hub.subscribe((name) => got.push(name));
    hub.emit('conversation.cleared', {});
    expect(got).toEqual(['conversation.cleared']);
  });
});
