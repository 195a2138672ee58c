/**
 * An AppController over fake sessions, in-memory settings and a stand-in renderer, for tests that
 * drive it from outside (real X11 keys): the stand-in streams a little audio while capture is on
 * and answers capture-off with mic-end at once, like the real renderer after its tail.
 */
import { vi } from 'vitest';
import { AppController } from '../../../src/main/services/app-controller';
import type { AppControllerDeps } from '../../../src/main/services/app-controller-deps';
import { EventHub } from '../../../src/main/ipc/event-hub';
import { SettingsStore, type KeyValueBackend } from '../../../src/main/services/settings/settings-store';
import { fakeFactory } from './fake-session';

export function memoryBackend(): KeyValueBackend {
  const m = new Map<string, unknown>();
  return { get: (k) => m.get(k), set: (k, v) => void m.set(k, v) };
}

export function controllerRig(extra: Partial<AppControllerDeps> = {}) {
  const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const { factory, sessions } = fakeFactory();
  const settings = new SettingsStore(memoryBackend(), logger);
  const controller = new AppController({
    identity: { name: 'T', version: '1', platform: 'linux', host: 'test-host' },
    sessionFactory: factory,
    settings,
    keys: { status: vi.fn(), set: vi.fn(), clear: vi.fn(), read: async () => 'a2V5LWZvci10ZXN0cw==' } as never,
    demo: { demo: false, demoKey: '' },
    events: new EventHub({ validate: true, logger }),
    logger,
    ...extra,
  });
  controller.attachAudio((msg) => {
    if (msg.kind === 'capture' && msg.on) controller.handleAudio({ kind: 'mic', turnId: msg.turnId, pcm: new Int16Array(480).buffer });
    if (msg.kind === 'capture' && !msg.on) setTimeout(() => controller.handleAudio({ kind: 'mic-end', turnId: msg.turnId }), 5);
    return true;
  });
  return { controller, sessions, settings, logger };
}
