#!/usr/bin/env node
// The README's test command. Runs every suite the project has and ends with one line
// `N passed, N failed, N skipped` summed over all of them:
//   1. vitest: unit and integration tests in Node (core, simulator, tools, MCP, shell services,
//      the real uiohook adapter under X11),
//   2. Playwright: the real renderer in Debian's Chromium through the test host, and the
//      real-Electron specs (which skip, saying why, when no Electron binary is present).
// Browser and X11 tests need a display: without one, this script re-runs itself under xvfb-run.
// Both suites run on Electron 45's Node major (24, see ./node24.mjs), whatever Node started this.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { testNode, testNodeEnv } from './node24.mjs';

const root = join(import.meta.dirname, '..');
const results = join(root, 'test-results');
const args = process.argv.slice(2);

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

if (!process.env.DISPLAY && !process.env.TEST_NO_XVFB && has('xvfb-run')) {
  const r = spawnSync('xvfb-run', ['-a', '-s', '-screen 0 1280x900x24', process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, TEST_NO_XVFB: '1' },
  });
  process.exit(r.status ?? 1);
}

let nodeEnv;
try {
  nodeEnv = testNodeEnv();
  const { node } = testNode();
  console.log(`test Node: ${spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()} (${node})`);
} catch (err) {
  console.log(String(err.message ?? err));
  console.log('0 passed, 1 failed');
  process.exit(1);
}

function run(label, cmd, cmdArgs, env = {}) {
  console.log(`\n=== ${label}: ${cmd} ${cmdArgs.join(' ')}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: { ...nodeEnv, ...env } });
  return r.status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

// The browser specs load the built renderer; build once so they test what ships.
if (!args.includes('--no-build')) {
  const b = run('build', 'npx', ['electron-vite', 'build']);
  if (b !== 0) {
    console.log('\nbuild failed');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const vitestJson = join(results, 'vitest.json');
const vitestStatus = run('vitest', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);

let pwStatus = 0;
if (existsSync(join(root, 'test', 'e2e'))) {
  pwStatus = run('playwright', 'npx', ['playwright', 'test']);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const v = readJson(vitestJson);
if (v) {
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  // A suite that failed to load has no test results but must still count as a failure.
  failed += (v.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
} else if (vitestStatus !== 0) {
  failed += 1;
}
const p = readJson(join(results, 'playwright.json'));
if (p?.stats) {
  passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
  failed += p.stats.unexpected ?? 0;
  skipped += p.stats.skipped ?? 0;
  if (pwStatus !== 0 && (p.stats.unexpected ?? 0) === 0) failed += 1;
} else if (pwStatus !== 0) {
  failed += 1;
}

console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || vitestStatus !== 0 || pwStatus !== 0 ? 1 : 0);
