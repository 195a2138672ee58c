/**
 * Another X client owning a selection, for tests under a real X server (Xvfb, scripts/test.mjs):
 * xclip stays in the background serving `text` until it is replaced or `releaseSelections()` ends it.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

/** Why an X11 selection test cannot run here, or undefined. */
export function x11SkipReason(tools: string[] = ['xclip']): string | undefined {
  if (!process.env.DISPLAY) return 'no X display (run under xvfb-run)';
  const missing = tools.filter((t) => !has(t));
  return missing.length ? `${missing.join('/')} missing` : undefined;
}

const owners: ChildProcess[] = [];

export async function ownSelection(selection: 'primary' | 'clipboard', text: string | Buffer): Promise<void> {
  const bytes = Buffer.from(text);
  const p = spawn('xclip', ['-selection', selection, '-i', '-quiet'], { stdio: ['pipe', 'ignore', 'ignore'] });
  owners.push(p);
  p.stdin.end(bytes);
  const end = Date.now() + 3000;
  while (Date.now() < end) {
    const r = spawnSync('xclip', ['-selection', selection, '-o', '-target', 'UTF8_STRING'], { timeout: 2000 });
    if (r.status === 0 && r.stdout.equals(bytes)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`xclip did not take ${selection}`);
}

/** The CLIPBOARD's exact bytes as UTF8_STRING. */
export const clipboardBytes = (): Buffer => execFileSync('xclip', ['-selection', 'clipboard', '-o', '-target', 'UTF8_STRING'], { timeout: 3000 });

export function releaseSelections(): void {
  for (const p of owners.splice(0)) p.kill();
}
