import { describe, expect, it, vi } from 'vitest';
import { keyDestinationProblem } from '../../../../src/main/realtime/wire/key-destination';
import { AppController } from '../../../../src/main/services/app-controller';
import { EventHub } from '../../../../src/main/ipc/event-hub';
import type { KeyStorePort } from '../../../../src/main/services/ports';
import { SettingsStore, type KeyValueBackend } from '../../../../src/main/services/settings/settings-store';
import { fakeFactory } from '../../services/fake-session';

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };

describe('where the real API key may be sent', () => {
  it.each([
    ['wss://api.inworld.ai/api/v1/realtime/session', false, true],
    ['wss://eu.api.inworld.ai/x', false, true],
    ['wss://inworld.ai.attacker.example/x', false, false],
    ['wss://attacker.example/x', false, false],
    ['wss://attacker.example/x', true, true],
    ['wss://user:pw@api.inworld.ai/x', true, false],
    ['ws://api.inworld.ai/x', true, false],
    ['ws://10.0.0.5:9000/x', true, false],
    ['ws://127.0.0.1:8080/x', false, false],
    ['ws://127.0.0.1:8080/x', true, true],
    ['ws://[::1]:8080/x', true, true],
    ['ws://localhost.attacker.example/x', true, false],
  ])('%s (confirmed: %s) → allowed: %s', (url, confirmed, allowed) => {
    expect(keyDestinationProblem(url, confirmed) === undefined).toBe(allowed);
  });

  it('an unconfirmed endpoint is refused before any connection is made, with a clear error', async () => {
    const m = new Map<string, unknown>();
    const backend: KeyValueBackend = { get: (k) => m.get(k), set: (k, v) => void m.set(k, v) };
    const settings = new SettingsStore(backend, logger);
    m.set('settings', { ...settings.get(), endpoint: 'wss://attacker.example/realtime' }); // e.g. a hand-edited file
    const tampered = new SettingsStore(backend, logger);
    const { factory, sessions } = fakeFactory();
    const read = vi.fn(async () => 'cmVhbC1rZXk=');
    const ctl = new AppController({
      identity: { name: 'T', version: '1', platform: 'linux', host: 'test-host' },
      sessionFactory: factory,
      settings: tampered,
      keys: { status: vi.fn(), set: vi.fn(), clear: vi.fn(), read } as unknown as KeyStorePort,
      demo: { demo: false, demoKey: '' },
      events: new EventHub({ validate: true, logger }),
      logger,
    });
    await expect(ctl.handlers['session.connect'](undefined, { frameUrl: '', isMainFrame: true, senderId: 0 })).rejects.toThrow(/attacker\.example was not confirmed/);
    expect(sessions).toHaveLength(0);
    expect(ctl.connectionState().error?.code).toBe('endpoint_refused');
  });
});
