#!/usr/bin/env node
// `npm run demo`: the app against the local simulator, no Inworld account or key needed.
// Starts the simulator (test/sim/cli.ts) on a free port, builds the app, and launches Electron with
// INWORLD_REALTIME_URL pointing at the simulator (demo mode: the keychain is never read; the
// simulator's key is passed as INWORLD_DEMO_KEY). Ctrl+C stops both.
// The Electron binary is fetched first when missing (electron-binary.mjs, shared with `npm start`);
// where that is impossible it says so in one line and exits 1 (`npm run host` is the browser twin).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureElectron } from './electron-binary.mjs';

const root = join(import.meta.dirname, '..');

const electron = ensureElectron(root, 'npm run demo');
if (!electron) process.exit(1);

const sim = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'sim', 'cli.ts'), '--port', '0', '--scenario', 'demo'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
let app;
const stop = (code) => {
  app?.kill('SIGTERM');
  sim.kill('SIGTERM');
  process.exit(code);
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
sim.on('exit', (code) => {
  if (!app) {
    console.error(`demo: the simulator exited (${code}) before it was ready`);
    process.exit(1);
  }
});

const { url, key } = await new Promise((resolve, reject) => {
  let buf = '';
  const timer = setTimeout(() => reject(new Error('the simulator did not print its URL within 20 s')), 20_000);
  sim.stdout.on('data', (d) => {
    buf += d;
    process.stdout.write(d);
    const u = /listening on (ws:\/\/\S+)/.exec(buf);
    const k = /basic key: (\S+)/.exec(buf);
    if (u && k) {
      clearTimeout(timer);
      resolve({ url: u[1], key: k[1] });
    }
  });
}).catch((err) => {
  console.error(`demo: ${err.message}`);
  stop(1);
});

// Build every time (a few seconds) so the demo never runs a stale bundle; --no-build skips it.
if (!process.argv.includes('--no-build')) {
  const b = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) stop(1);
}

console.log(`demo: starting Inworld Desk against ${url}`);
app = spawn(electron, [root], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, INWORLD_REALTIME_URL: url, INWORLD_DEMO: '1', INWORLD_DEMO_KEY: key },
});
app.on('exit', (code) => stop(code ?? 0));
