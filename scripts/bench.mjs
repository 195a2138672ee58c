// `npm run bench [-- --json] [-- --turns N]`: latency of the real renderer in Chromium against the
// simulator (see test/bench/renderer-bench.ts). Builds the renderer first if out/renderer is missing.
// With --json the last line of output is one JSON object.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const args = process.argv.slice(2);
const quiet = args.includes('--json');

if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const run = spawnSync(bin('tsx'), [join(root, 'test', 'bench', 'renderer-bench.ts'), ...args], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
