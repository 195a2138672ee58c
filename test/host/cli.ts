/**
 * Starts the browser test host from a shell, for working on the renderer by hand:
 *   npx electron-vite build && npm run host -- [--simulator ws://127.0.0.1:PORT/api/v1/realtime/session --key KEY] [--port 5199]
 * then open the printed URL in Chromium. Without --simulator it starts the simulator itself.
 */
import { startSim } from '../e2e/fixtures/sim';
import { startTestHost } from './index';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  let simulatorUrl = arg('simulator');
  let simulatorKey = arg('key');
  let stopSim: (() => Promise<void>) | undefined;
  if (!simulatorUrl) {
    // The demo scenario: a few intents answered with the app's tools (test/sim/demo-intents.ts).
    const s = await startSim({ scenario: 'demo' });
    simulatorUrl = s.url;
    simulatorKey ??= s.key;
    stopSim = () => s.close();
  }
  const host = await startTestHost({ simulatorUrl, simulatorKey, port: Number(arg('port') ?? 0), echoLogs: true });
  console.log(`test host: ${host.authUrl} (simulator ${simulatorUrl}; the token in the URL is what lets a page drive the bridge)`);
  const stop = async () => {
    await host.close();
    await stopSim?.();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
