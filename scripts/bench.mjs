// `npm run bench [-- --json] [-- --turns N] [-- --soak-turns N | --no-soak] [-- --peers [--rounds N]]`: latency of the real
// renderer in Chromium against the simulator, then a memory soak of main and renderer heaps (see
// test/bench/renderer-bench.ts, memory-soak.ts). Builds the app first (a few seconds) so the figures
// are never those of a stale bundle; --no-build skips that. With --json the last line of output is one JSON object,
// with the soak's figures under "memory".
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const args = process.argv.slice(2);
const quiet = args.includes('--json');

// `--peers`: CPU and memory of our realtime core against other clients on one 60 s answer
// (test/bench/peers/); needs no build and no browser.
if (args.includes('--peers')) {
  const peers = spawnSync(bin('tsx'), [join(root, 'test', 'bench', 'peers', 'peers-bench.ts'), ...args.filter((a) => a !== '--peers')], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exit(peers.status ?? 1);
}

if (!args.includes('--no-build') || !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const benchArgs = args.filter((a) => a !== '--no-build');
// `--soak [--soak-minutes 60]`: an hour of hands-free use, RSS of main and renderer each minute.
if (args.includes('--soak')) {
  const soak = spawnSync(bin('tsx'), [join(root, 'test', 'bench', 'hour-soak.ts'), ...benchArgs.filter((a) => a !== '--soak')], { cwd: root, stdio: 'inherit' });
  process.exit(soak.status ?? 1);
}
const run = spawnSync(bin('tsx'), [join(root, 'test', 'bench', 'renderer-bench.ts'), ...benchArgs], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
