#!/usr/bin/env node
// `npm start` (electron-vite preview) and `npm run dev` (electron-vite dev), made to work on a fresh
// machine: the Electron binary is fetched first when missing (electron-binary.mjs), then handed to
// electron-vite through ELECTRON_EXEC_PATH. Arguments after the mode go to the app:
//   npm start -- --ask "what time is it"      npm run dev -- --hidden
// Without a binary and without network: one line on stderr saying what to do, exit 1.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ensureElectron } from './electron-binary.mjs';

const root = join(import.meta.dirname, '..');
const [mode = 'preview', ...appArgs] = process.argv.slice(2);
if (mode !== 'preview' && mode !== 'dev') {
  console.error(`start: unknown mode ${mode} (preview or dev)`);
  process.exit(2);
}
const command = mode === 'dev' ? 'npm run dev' : 'npm start';

const electron = ensureElectron(root, command);
if (!electron) process.exit(1);

const cli = join(createRequire(join(root, 'package.json')).resolve('electron-vite/package.json'), '..', 'bin', 'electron-vite.js');
const args = [cli, ...(mode === 'dev' ? [] : ['preview']), ...(appArgs.length ? ['--', ...appArgs] : [])];
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ELECTRON_EXEC_PATH: electron } });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
