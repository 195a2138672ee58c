// `npm run sim -- --port N [--key K]… [--scenario NAME] [--pacing realtime] [--transcript TEXT]
//                 [--set sim_<switch>=<value>]… [--quiet]`
// --set gives any per-connection switch (see index.ts) a default for every connection.
// Runs the simulator until SIGINT/SIGTERM. Prints the URL and the accepted Basic key so a developer
// (or `npm run demo`) can point the app at it without an Inworld account.

import { parseArgs } from 'node:util';
import { startSimulator } from './index.js';
import { DEFAULT_SWITCHES, switchesFromQuery, type ScenarioName } from './switches.js';

const SCENARIOS: readonly ScenarioName[] = ['echo', 'tool-call', 'long', 'silent', 'demo'];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      key: { type: 'string', multiple: true },
      scenario: { type: 'string', default: 'echo' },
      pacing: { type: 'string', default: 'fast' },
      transcript: { type: 'string' },
      set: { type: 'string', multiple: true },
      quiet: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: bad value ${values.port}`);
  if (!SCENARIOS.includes(values.scenario as ScenarioName)) throw new Error(`--scenario must be one of ${SCENARIOS.join(', ')}`);
  if (values.pacing !== 'fast' && values.pacing !== 'realtime') throw new Error('--pacing must be fast or realtime');
  // Reuse the query-parameter parser so CLI defaults and URL switches cannot drift apart.
  const params = new URLSearchParams();
  if (values.transcript !== undefined) params.set('sim_transcript', values.transcript);
  for (const kv of values.set ?? []) {
    const eq = kv.indexOf('=');
    if (eq < 0 || !kv.startsWith('sim_')) throw new Error(`--set expects sim_<name>=<value>, got ${kv}`);
    params.append(kv.slice(0, eq), kv.slice(eq + 1));
  }
  const switches = switchesFromQuery({ ...DEFAULT_SWITCHES, scenario: values.scenario as ScenarioName, pacing: values.pacing }, params);
  const sim = await startSimulator({
    switches,
    port,
    keys: values.key,
    log: !values.quiet,
    recordPayloads: false,
    maxRecords: 50,
  });
  console.log(`listening on ${sim.url}`);
  console.log(`basic key: ${sim.key}`);
  console.log(`control API: http://127.0.0.1:${sim.port}/__sim/sessions`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`[sim] ${signal}: shutting down`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`[sim] ${(err as Error).message}`);
  process.exit(2);
});
