#!/usr/bin/env node
// `npm run demo`: the app against the local simulator, no Inworld account or key needed.
// Starts the simulator (test/sim/cli.ts) on a free port, builds the app, and launches Electron with
// INWORLD_REALTIME_URL pointing at the simulator (demo mode: the keychain is never read; the
// simulator's key is passed as INWORLD_DEMO_KEY). Ctrl+C stops both.
// Without an Electron binary (e.g. a machine where its download was impossible) it says so and
// exits 1; `npx tsx test/host/cli.ts` then runs the same app in a browser instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

function findElectron() {
  if (process.env.ELECTRON_PATH) return existsSync(process.env.ELECTRON_PATH) ? process.env.ELECTRON_PATH : undefined;
  // Same lookup as the electron package's index.js, without requiring it (that would try to download).
  const pkg = join(root, 'node_modules', 'electron');
  const pathTxt = join(pkg, 'path.txt');
  if (!existsSync(pathTxt)) return undefined;
  const bin = join(pkg, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(bin) ? bin : undefined;
}

// Electron >= 42 fetches its binary on the first require('electron'), not at install time. Ask for it
// in a child process so a machine without network fails here with a clear message, not a stack.
function fetchElectron() {
  const r = spawnSync(process.execPath, ['-e', "require('electron')"], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] });
  if (r.status === 0) return findElectron();
  const why = /^(\w*Error: .*)$/m.exec(String(r.stderr ?? ''));
  if (why) console.error(`demo: ${why[1]}`);
  return undefined;
}

const electron = findElectron() ?? fetchElectron();
if (!electron) {
  console.error(
    'demo: no Electron binary found, and it could not be downloaded (node_modules/electron/dist is missing\n' +
      '      and ELECTRON_PATH is unset). Run `npm run demo` again with network access, or set ELECTRON_PATH.\n' +
      '      To try the same app in a browser: npx electron-vite build && npm run host',
  );
  process.exit(1);
}

const sim = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'sim', 'cli.ts'), '--port', '0'], {
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
