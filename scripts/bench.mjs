// `npm run bench [-- --json] [-- --turns N] [-- --soak-turns N | --no-soak] [-- --peers [--rounds N]] [-- --history] [-- --echo [--answers N]] [-- --barge-in [--rounds N]] [-- --quick-runs N | --no-quick] [-- --dictation] [-- --soak [--soak-minutes N]]`: latency of the real
// renderer in Chromium against the simulator, then a memory soak of main and renderer heaps (see
// test/bench/renderer-bench.ts, memory-soak.ts). Builds the app first (a few seconds) so the figures
// are never those of a stale bundle; --no-build skips that. With --json the last line of output is one JSON object,
// with the soak's figures under "memory". --dictation adds the dictation benchmark (test/bench/dictation-bench.ts):
// dictation_keyup_to_text_ms and clipboard_restored_after_read_ms over ≥ 20 dictations, merged into that object.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const args = process.argv.slice(2);
const quiet = args.includes('--json');

/** Builds the app so no figure is a stale bundle's; `--no-build` skips it when a build exists. */
function buildApp() {
  if (args.includes('--no-build') && existsSync(join(root, 'out', 'renderer', 'index.html'))) return;
  const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// `--peers`: CPU and memory of our realtime core against other clients on one 60 s answer
// (test/bench/peers/); needs no build and no browser.
if (args.includes('--peers')) {
  const peers = spawnSync(bin('tsx'), [join(root, 'test', 'bench', 'peers', 'peers-bench.ts'), ...args.filter((a) => a !== '--peers')], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exit(peers.status ?? 1);
}

// `--soak [--soak-minutes 60]`: an hour of hands-free use through the real renderer, host and
// simulator (test/bench/hour-soak.ts): RSS and heap of main and renderer each minute.
if (args.includes('--soak')) {
  buildApp();
  const soak = spawnSync(bin('tsx'), [join(root, 'test', 'bench', 'hour-soak.ts'), ...args.filter((a) => a !== '--soak' && a !== '--no-build')], { cwd: root, stdio: 'inherit' });
  process.exit(soak.status ?? 1);
}

// `--echo` / `--barge-in`: the real PulseAudio loop (test/bench/echo-bench.ts: echo suppression and
// self-interruptions; barge-in-bench.ts: speech onset → playback stopped over many interruptions).
// They build the renderer first like the latency bench.
const loopBench = args.includes('--echo') ? 'echo-bench.ts' : args.includes('--barge-in') ? 'barge-in-bench.ts' : null;
if (loopBench) {
  buildApp();
  const r = spawnSync(bin('tsx'), [join(root, 'test', 'bench', loopBench), ...args.filter((a) => !['--echo', '--barge-in', '--no-build'].includes(a))], { cwd: root, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

// `--history`: the history store's search and commit figures (test/bench/history-bench.ts), on the
// Node that ships in Electron 45 (node:sqlite); no renderer build needed.
if (args.includes('--history')) {
  const { testNodeEnv } = await import('./node24.mjs');
  const r = spawnSync(bin('tsx'), [join(root, 'test', 'bench', 'history-bench.ts'), ...args.filter((a) => a !== '--history')], {
    cwd: root,
    stdio: 'inherit',
    env: testNodeEnv(),
  });
  process.exit(r.status ?? 1);
}

buildApp();
const benchArgs = args.filter((a) => a !== '--no-build' && a !== '--dictation' && a !== '--no-quick');
// The renderer bench, then the quick-ask launcher (hotkey → input ready, Enter → first text) unless
// --no-quick, then dictation with --dictation. With --json their last lines merge into one.
const stages = ['renderer-bench.ts', ...(args.includes('--no-quick') ? [] : ['quick-bench.ts']), ...(args.includes('--dictation') ? ['dictation-bench.ts'] : [])];
const capture = quiet && stages.length > 1;
const reports = [];
for (const script of stages) {
  const run = spawnSync(bin('tsx'), [join(root, 'test', 'bench', script), ...benchArgs], {
    cwd: root,
    stdio: capture ? ['inherit', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
  });
  if (capture) reports.push(run.stdout ?? '');
  if (run.status !== 0) {
    if (capture) process.stdout.write(reports.join(''));
    process.exit(run.status ?? 1);
  }
}
if (capture) {
  const last = (out) => JSON.parse(out.trim().split('\n').at(-1) || '{}');
  try {
    console.log(JSON.stringify(Object.assign({}, ...reports.map(last))));
  } catch (err) {
    process.stdout.write(reports.join(''));
    console.error(`bench: could not merge the reports: ${err}`);
    process.exit(1);
  }
}
