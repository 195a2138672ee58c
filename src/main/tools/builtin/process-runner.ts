import { spawn, type ChildProcess } from 'node:child_process';
import { ToolError } from '../tool';

/**
 * Runs one program without a shell (argv array: no globbing, no pipes, no injection through
 * quoting), in its own process group so a timeout or cancel can kill everything it started.
 */
export interface RunProcessOptions {
  command: string;
  args: string[];
  cwd: string;
  timeoutMs: number;
  /** Per stream (stdout and stderr each). */
  maxOutputBytes: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Grace between SIGTERM and SIGKILL. */
  killGraceMs?: number;
}

export interface RunProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  timedOut: boolean;
  cancelled: boolean;
  durationMs: number;
}

/** Only what programs commonly need; never the app's own secrets (e.g. an API key in the environment). */
const INHERITED_ENV = [
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TERM', 'TMPDIR', 'TZ',
  'SYSTEMROOT', 'SystemRoot', 'WINDIR', 'COMSPEC', 'PATHEXT', 'TEMP', 'TMP', 'USERPROFILE', 'APPDATA',
  'LOCALAPPDATA', 'PROGRAMDATA', 'PROGRAMFILES', 'HOMEDRIVE', 'HOMEPATH', 'USERNAME',
];

export function safeEnvironment(source: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of INHERITED_ENV) if (source[k] !== undefined) env[k] = source[k];
  return env;
}

class CappedBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly cap: number) {}
  push(chunk: Buffer): void {
    const room = this.cap - this.size;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (part.length < chunk.length) this.truncated = true;
    this.chunks.push(part);
    this.size += part.length;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

function killTree(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') {
      // taskkill /T takes the whole tree; /F because Windows has no graceful signal for console apps.
      spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => {});
    } else {
      process.kill(-child.pid, sig);
    }
  } catch {
    // Already gone.
  }
}

export function runProcess(opts: RunProcessOptions): Promise<RunProcessResult> {
  return new Promise<RunProcessResult>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new ToolError('cancelled before start'));
      return;
    }
    const started = Date.now();
    const child = spawn(opts.command, opts.args, {
      cwd: opts.cwd,
      env: opts.env ?? safeEnvironment(),
      shell: false,
      detached: process.platform !== 'win32',
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = new CappedBuffer(opts.maxOutputBytes);
    const err = new CappedBuffer(opts.maxOutputBytes);
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr?.on('data', (c: Buffer) => err.push(c));
    let timedOut = false;
    let cancelled = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    let forceTimer: NodeJS.Timeout | undefined;

    const stop = (): void => {
      killTree(child, 'SIGTERM');
      killTimer = setTimeout(() => killTree(child, 'SIGKILL'), opts.killGraceMs ?? 1000);
      // A grandchild that left the group could hold the pipes open forever; stop waiting for it.
      forceTimer = setTimeout(() => finish(null, 'SIGKILL'), (opts.killGraceMs ?? 1000) + 3000);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, opts.timeoutMs);
    const onAbort = (): void => {
      cancelled = true;
      stop();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    const cleanup = (): void => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      clearTimeout(forceTimer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    function finish(code: number | null, sig: NodeJS.Signals | null): void {
      if (settled) return;
      settled = true;
      cleanup();
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve({
        exitCode: code,
        signal: sig,
        stdout: out.text(),
        stderr: err.text(),
        stdoutTruncated: out.truncated,
        stderrTruncated: err.truncated,
        timedOut,
        cancelled,
        durationMs: Date.now() - started,
      });
    }
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(new ToolError(e.code === 'ENOENT' ? `command not found: ${opts.command}` : `could not start ${opts.command}: ${e.message}`));
    });
    child.on('close', (code, sig) => finish(code, sig));
  });
}
