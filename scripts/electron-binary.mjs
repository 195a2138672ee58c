// Finds the Electron executable for `npm start`, `npm run dev` and `npm run demo`, fetching it first
// when it is missing. Since Electron 42 the binary is downloaded on the first require('electron')
// (node_modules/electron/index.js runs install.js, which uses @electron/get), not at npm install;
// electron-vite only reads path.txt and stops with "Electron uninstall" before anything fetched it.
// This does what index.js does, but in a child process whose stack trace we keep to ourselves, so a
// machine without network gets one line saying what to do.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Where install.js puts the executable inside dist/ (its getPlatformPath). */
function platformPath(platform = process.platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

function electronPackageDir(root) {
  try {
    return dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/** The executable that is already there, without downloading anything; undefined if none. */
export function findElectron(root, env = process.env) {
  if (env.ELECTRON_PATH) return existsSync(env.ELECTRON_PATH) ? env.ELECTRON_PATH : undefined;
  const pkg = electronPackageDir(root);
  const pathTxt = pkg && join(pkg, 'path.txt');
  const relative = pathTxt && existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : undefined;
  // The same override electron's index.js honours: a directory holding an unpacked Electron.
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const bin = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || platformPath());
    return existsSync(bin) ? bin : undefined;
  }
  if (!pkg || !relative) return undefined;
  const bin = join(pkg, 'dist', relative);
  return existsSync(bin) ? bin : undefined;
}

/**
 * Runs electron's own install.js (checksummed download through @electron/get, then path.txt).
 * Returns the executable, or `{ error }` with the first line of what went wrong.
 */
export function fetchElectron(root, env = process.env) {
  const pkg = electronPackageDir(root);
  if (!pkg) return { error: 'the electron package is not installed (run npm install)' };
  const r = spawnSync(process.execPath, [join(pkg, 'install.js')], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'pipe'],
    timeout: 10 * 60_000,
  });
  const bin = r.status === 0 ? findElectron(root, env) : undefined;
  if (bin) return bin;
  const stderr = String(r.stderr ?? '');
  const why = /^\w*Error: (.*)$/m.exec(stderr)?.[1] ?? stderr.split('\n').find((l) => l.trim()) ?? `install.js exited ${r.status}`;
  return { error: why.trim() };
}

/** The one line a user sees when there is no binary and none could be fetched. */
export function noElectronMessage(command, why) {
  return (
    `${command}: the Electron binary is missing and could not be downloaded${why ? ` (${why})` : ''}; ` +
    'run it again with network access, or set ELECTRON_OVERRIDE_DIST_PATH to a directory holding an unpacked Electron, ' +
    'or try the same app in a browser: npx electron-vite build && npm run host'
  );
}

/** findElectron, else fetchElectron; on failure prints the one line and returns undefined. */
export function ensureElectron(root, command, env = process.env) {
  const found = findElectron(root, env);
  if (found) return found;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    console.error(`${command}: ELECTRON_OVERRIDE_DIST_PATH=${env.ELECTRON_OVERRIDE_DIST_PATH} holds no ${platformPath()}`);
    return undefined;
  }
  console.log(`${command}: fetching the Electron binary (first run)…`);
  const fetched = fetchElectron(root, env);
  if (typeof fetched === 'string') return fetched;
  console.error(noElectronMessage(command, fetched.error));
  return undefined;
}
