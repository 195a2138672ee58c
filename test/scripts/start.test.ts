/**
 * `npm start` on a fresh clone (scripts/start.mjs). The clone is a temporary directory holding the
 * project's sources (symlinked) and node_modules whose `electron` package is a pristine copy: no
 * path.txt, no dist/, exactly what `npm install` leaves since Electron 42. "No network" is a download
 * mirror on a closed loopback port and an empty download cache, so the real install.js really fails.
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..', '..');
const clone = mkdtempSync(join(tmpdir(), 'fresh-clone-'));
const cache = mkdtempSync(join(tmpdir(), 'electron-cache-'));
/** A download mirror nobody listens on: "no network" for the Electron download only. */
const CLOSED = 'http://127.0.0.1:9/';

beforeAll(() => {
  for (const name of ['src', 'resources', 'electron.vite.config.ts', 'tsconfig.json', 'package.json']) {
    symlinkSync(join(repo, name), join(clone, name));
  }
  // Copied, not linked: Node resolves a linked script to its real path, which would be the repo.
  cpSync(join(repo, 'scripts'), join(clone, 'scripts'), { recursive: true });
  const nm = join(clone, 'node_modules');
  mkdirSync(nm);
  for (const name of readdirSync(join(repo, 'node_modules'))) {
    if (name !== 'electron' && name !== '.vite' && name !== '.bin') symlinkSync(join(repo, 'node_modules', name), join(nm, name));
  }
  const electron = join(nm, 'electron');
  mkdirSync(electron);
  for (const f of ['package.json', 'index.js', 'install.js', 'cli.js', 'checksums.json']) {
    cpSync(join(repo, 'node_modules', 'electron', f), join(electron, f));
  }
});
afterAll(() => {
  rmSync(clone, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

function npmStart(args: string[], env: Record<string, string>, timeoutMs: number) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const { ELECTRON_OVERRIDE_DIST_PATH: _o, ELECTRON_PATH: _p, ELECTRON_EXEC_PATH: _e, ...base } = process.env;
    const child = spawn(process.execPath, [join(clone, 'scripts', 'start.mjs'), 'preview', ...args], {
      cwd: clone,
      // Every spelling @electron/get reads the mirror from (npm config beats the plain env var).
      env: { ...base, ELECTRON_MIRROR: CLOSED, npm_config_electron_mirror: CLOSED, NPM_CONFIG_ELECTRON_MIRROR: CLOSED, electron_config_cache: cache, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm start did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm start on a fresh clone', () => {
  it('without an Electron binary and without network prints one line saying what to do and exits non-zero', async () => {
    const r = await npmStart([], {}, 60_000);
    expect(r.code).not.toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^npm start: the Electron binary is missing and could not be downloaded/);
    expect(lines[0]).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    expect(lines[0]).toContain('npm run host');
    expect(r.stderr).not.toMatch(/^\s+at /m); // no stack
    expect(existsSync(join(clone, 'node_modules', 'electron', 'path.txt'))).toBe(false);
  });

  it('with ELECTRON_OVERRIDE_DIST_PATH at a stand-in executable builds the app and runs it with it', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'stand-in-electron-'));
    const record = join(dist, 'launched.json');
    // The stand-in Electron records what it was started with and whether the built main bundle is there.
    writeFileSync(
      join(dist, 'electron'),
      `#!${process.execPath}\nconst fs = require('node:fs');\n` +
        `fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), built: fs.existsSync('out/main/index.js') }));\n` +
        'process.exit(7);\n',
    );
    chmodSync(join(dist, 'electron'), 0o755);
    try {
      const r = await npmStart(['--ask', 'what time is it'], { ELECTRON_OVERRIDE_DIST_PATH: dist }, 180_000);
      expect(r.code, r.stderr).toBe(7); // the app's exit code is npm start's
      const launched = JSON.parse(readFileSync(record, 'utf8')) as { argv: string[]; cwd: string; built: boolean };
      expect(launched.built).toBe(true);
      expect(launched.argv).toEqual(['.', '--ask', 'what time is it']);
      expect(launched.cwd).toBe(clone);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  }, 200_000);
});
