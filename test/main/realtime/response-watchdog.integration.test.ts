import net from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { AppController } from '../../../src/main/services/app-controller';
import { EventHub } from '../../../src/main/ipc/event-hub';
import type { KeyStorePort } from '../../../src/main/services/ports';
import { SettingsStore, type KeyValueBackend } from '../../../src/main/services/settings/settings-store';
import { createRealtimeSession } from '../../../src/main/realtime';
import { expectNoErrors, live, useSimulator, waitFor } from './sim-harness';

const sim = useSimulator();
const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };

describe('a server that stops answering never leaves the app stuck', () => {
  it('no response event for N s → the response is cancelled, the user is told, and Retry asks again', async () => {
    const l = live(sim(), { sim_scenario: 'echo', sim_fault: 'stall' }, { responseTimeoutMs: 400 });
    await l.session.connect();
    const started = Date.now();
    const result = await l.session.sendText('Hello?');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.status).not.toBe('completed');
    await waitFor(() => l.events.notice.some((n) => n.action === 'retry-response'), 3000, 'stalled notice');
    expect(l.events.notice.find((n) => n.action === 'retry-response')!.message).toMatch(/server stopped answering/);
    expect(l.events.phase.at(-1)).toBe('idle');
    const rec = l.rec();
    await waitFor(() => rec.clientEvents.some((e) => (e.event as { type: string }).type === 'response.cancel'), 2000, 'cancel sent');
    const creates = () => rec.clientEvents.filter((e) => (e.event as { type: string }).type === 'response.create').length;
    const before = creates();
    l.session.retryResponse();
    await waitFor(() => creates() === before + 1, 2000, 'retry sent');
    expectNoErrors(rec);
    await l.session.close();
  });

  it('session.connect settles even when the server accepts the socket and then says nothing', async () => {
    const silent = net.createServer(() => {}); // accepts TCP, never answers the WebSocket upgrade
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    const m = new Map<string, unknown>();
    const backend: KeyValueBackend = { get: (k) => m.get(k), set: (k, v) => void m.set(k, v) };
    const ctl = new AppController({
      identity: { name: 'T', version: '1', platform: 'linux', host: 'test-host' },
      sessionFactory: (o) => createRealtimeSession(o),
      settings: new SettingsStore(backend, logger),
      keys: { read: async () => 'x' } as unknown as KeyStorePort,
      demo: { demo: true, endpointOverride: `ws://127.0.0.1:${port}/api/v1/realtime/session`, demoKey: 'ZGVtbzpkZW1v' },
      events: new EventHub({ validate: true, logger }),
      logger,
      ensureTimeoutMs: 1500,
    });
    const started = Date.now();
    await expect(ctl.handlers['session.connect'](undefined, { frameUrl: '', isMainFrame: true, senderId: 0 })).rejects.toThrow(/Still trying/);
    expect(Date.now() - started).toBeLessThan(4000);
    await ctl.dispose();
    silent.close();
  });
});
