/**
 * Demo mode: the app talks to the local simulator instead of Inworld. It is on when the user (or
 * `npm run demo`) points INWORLD_REALTIME_URL at a loopback address, or sets INWORLD_DEMO=1 with
 * such a URL. In demo mode the keychain is never read, so a real key is never sent to a local
 * server; the simulator gets the demo key instead.
 */
export interface DemoConfig {
  demo: boolean;
  /** Endpoint that overrides settings.endpoint (only from the environment). */
  endpointOverride?: string;
  demoKey: string;
  /** Why the environment's URL was ignored, for the log. */
  ignored?: string;
}

export const DEFAULT_DEMO_KEY = 'ZGVtbzpkZW1v'; // base64("demo:demo"), shaped like a portal key

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function resolveDemoConfig(env: Record<string, string | undefined>): DemoConfig {
  const demoKey = env.INWORLD_DEMO_KEY?.trim() || DEFAULT_DEMO_KEY;
  const raw = env.INWORLD_REALTIME_URL?.trim();
  if (!raw) return { demo: false, demoKey };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { demo: false, demoKey, ignored: 'INWORLD_REALTIME_URL is not a URL' };
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    return { demo: false, demoKey, ignored: 'INWORLD_REALTIME_URL must be ws:// or wss://' };
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  // A non-loopback override is honoured (a simulator on another test host, staging) but is demo only
  // when asked for explicitly; otherwise it gets the user's real key like the default endpoint.
  return { demo: loopback || env.INWORLD_DEMO === '1', endpointOverride: url.toString(), demoKey };
}
