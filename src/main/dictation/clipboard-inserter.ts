import { execFile, spawn } from 'node:child_process';
import type { InsertOptions, InsertOutcome, InsertTarget, TextInserter } from './text-inserter';

/**
 * The simplest honest inserter, for platforms and builds without a paste path: it records the
 * focused window (xdotool, when present), puts the text on the CLIPBOARD with xclip and reads it
 * back. It never sends a chord, so it never claims `inserted`: the outcome is `copied` (observed by
 * the read-back) or `failed`. The X11 inserter (src/main/dictation/x11) replaces it where it runs.
 */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { env, timeout: timeoutMs, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

export class ClipboardInserter implements TextInserter {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async captureTarget(): Promise<InsertTarget | undefined> {
    if (!this.env.DISPLAY) return undefined;
    try {
      const windowId = (await run('xdotool', ['getwindowfocus'], this.env)).trim();
      const cls = (await run('xdotool', ['getwindowclassname', windowId], this.env)).trim().toLowerCase();
      return /^\d+$/.test(windowId) ? { windowId, windowClass: cls } : undefined;
    } catch {
      return undefined;
    }
  }

  async insert(text: string, _target: InsertTarget | undefined, options: InsertOptions): Promise<InsertOutcome> {
    if (!this.env.DISPLAY) return { kind: 'failed', reason: 'no clipboard: no X display' };
    try {
      await this.write(text);
      const back = await run('xclip', ['-selection', 'clipboard', '-o'], this.env);
      if (back !== text) return { kind: 'failed', reason: 'the clipboard did not take the text' };
    } catch (err) {
      return { kind: 'failed', reason: `could not set the clipboard: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
    }
    return { kind: 'copied', reason: options.mode === 'copy-only' ? 'copy-only' : 'no paste path here: press Ctrl+V' };
  }

  private write(text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      // xclip forks a child that keeps owning the selection after this process exits; that child
      // would hold any inherited pipe open, so only stdin is a pipe and we wait for `exit`.
      const p = spawn('xclip', ['-selection', 'clipboard', '-i'], { env: this.env, stdio: ['pipe', 'ignore', 'ignore'] });
      p.on('error', reject);
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`xclip exited ${code}`))));
      // An xclip that exits before reading it all (no display) breaks the pipe: without a listener
      // that EPIPE is an uncaught exception in main. The exit code says what went wrong.
      p.stdin.on('error', () => {});
      p.stdin.end(text);
    });
  }
}
