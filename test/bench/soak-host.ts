/**
 * The test host — the app's main side: controller, realtime core, tools — in a process of its own
 * for the hour soak, so the RSS sampled is that of main and not of the Playwright driver beside it.
 * Started with IPC by hour-soak.ts: `{simulatorUrl, simulatorKey, settings}` as argv[2] (JSON); it
 * sends `{url}` when listening and answers each `'sample'` with its RSS and heap after a full GC.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startTestHost } from '../host/index';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function main(): Promise<void> {
  const opts = JSON.parse(process.argv[2] ?? '{}') as Parameters<typeof startTestHost>[0];
  const host = await startTestHost(opts);
  process.on('message', (m) => {
    if (m === 'sample') {
      gc();
      gc();
      const mem = process.memoryUsage();
      process.send?.({ rss: mem.rss, heapUsed: mem.heapUsed });
    } else if (m === 'close') {
      void host.close().then(() => process.exit(0));
    }
  });
  process.send?.({ url: host.url, cookie: host.cookie }); // the page needs the host's per-run token cookie
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
