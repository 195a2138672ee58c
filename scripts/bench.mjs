// `npm run bench [-- --json] [-- --turns N] [-- --soak-turns N | --no-soak] [-- --quick-runs N | --no-quick]`: latency of the real
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

if (!args.includes('--no-build') || !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const benchArgs = args.filter((a) => a !== '--no-build');
const run = spawnSync(bin('tsx'), [join(root, 'test', 'bench', 'renderer-bench.ts'), ...benchArgs], { cwd: root, stdio: 'inherit' });
if (run.status !== 0 || args.includes('--no-quick')) process.exit(run.status ?? 1);
// The quick-ask launcher: hotkey → input ready, Enter → first text (test/bench/quick-bench.ts).
const quick = spawnSync(bin('tsx'), [join(root, 'test', 'bench', 'quick-bench.ts'), ...benchArgs], { cwd: root, stdio: 'inherit' });
process.exit(quick.status ?? 1);
