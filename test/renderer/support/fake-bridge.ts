import { buildAssistantApi, type BridgeTransport } from '../../../src/shared/ipc/bridge-api';
import type { CallName, EventName } from '../../../src/shared/ipc/contract';
import { defaultSettings } from '../../../src/shared/settings';

/** A transport double: canned call results, recorded inputs, and events the test can fire. */
export function fakeTransport(overrides: Partial<Record<CallName, (input: unknown) => unknown>> = {}) {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: Array<{ name: CallName; input: unknown }> = [];
  const settings = { ...defaultSettings(), onboardingDone: true };
  const results: Partial<Record<CallName, (input: unknown) => unknown>> = {
    'app.info': () => ({ name: 'x', version: '0', platform: 'linux', demo: true, host: 'test-host' }),
    'session.state': () => ({ status: 'ready', mode: 'push-to-talk', phase: 'idle', demo: true }),
    'conversation.list': () => [],
    'settings.get': () => settings,
    'settings.update': (p) => ({ settings: { ...settings, ...(p as object) } }),
    'apiKey.status': () => ({ set: false, source: 'none', secureStorageAvailable: true }),
    'ptt.state': () => ({ active: false, source: 'none', hotkey: { accelerator: '', behaviour: 'auto', registered: false, holdSupported: false } }),
    ...overrides,
  };
  const transport: BridgeTransport = {
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
  return { api: buildAssistantApi(transport), calls, fire };
}

