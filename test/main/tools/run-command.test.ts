import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandLine } from '../../../src/main/tools/builtin/run-command';
import { builtinHarness, type BuiltinHarness } from './builtin-harness';
import { call, never, parse, tempDir } from './helpers';

let h: BuiltinHarness;
let work: ReturnType<typeof tempDir>;
const node = process.execPath;
const posix = process.platform !== 'win32';

beforeEach(() => {
  h = builtinHarness();
  work = tempDir('run-');
  h.settings.setTools({ allowedFolders: [work.dir], runCommandEnabled: true });
});
afterEach(() => {
  h.cleanup();
  work.cleanup();
});

const run = async (args: unknown, signal = never()) => parse(await h.runtime.execute(call('run_command', args), signal));

/** A killed process whose new parent (PID 1 in a container) never reaps it stays a zombie: dead for us. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

describe('run_command', () => {
  it('is not offered, and refuses to run, unless the user enabled it', async () => {
    h.settings.setTools({ runCommandEnabled: false });
    expect(h.runtime.definitions().map((d) => d.name)).not.toContain('run_command');
    const out = await run({ command: node, args: ['-e', "require('fs').writeFileSync('made','x')"] });
    expect(out.error).toMatch(/unknown or unavailable/);
    expect(existsSync(path.join(work.dir, 'made'))).toBe(false);
    expect(h.requests).toHaveLength(0);
  });

  it('always asks, showing the exact command line and folder, then runs without a shell', async () => {
    h.settings.setToolPolicy('run_command', 'allow'); // must not skip the prompt
    const out = await run({ command: node, args: ['-e', 'console.log(JSON.stringify(process.argv.slice(1)))', '$(touch pwned)', 'a b;c'] });
    expect(h.requests).toHaveLength(1);
    expect(h.requests[0]?.summary).toBe(`Run in ${work.dir}:\n${node} -e 'console.log(JSON.stringify(process.argv.slice(1)))' '$(touch pwned)' 'a b;c'`);
    expect(h.requests[0]?.risk).toBe('dangerous');
    expect(out.exitCode).toBe(0);
    expect(JSON.parse(String(out.stdout))).toEqual(['$(touch pwned)', 'a b;c']);
    expect(existsSync(path.join(work.dir, 'pwned'))).toBe(false);
    expect(out.cwd).toBe(work.dir);
  });

  it('does nothing when denied', async () => {
    h.setDecision('deny');
    const out = await run({ command: node, args: ['-e', "require('fs').writeFileSync('made','x')"] });
    expect(out.denied).toBe(true);
    expect(existsSync(path.join(work.dir, 'made'))).toBe(false);
  });

  it('reports exit codes and stderr, and passes no app secrets in the environment', async () => {
    process.env.INWORLD_API_KEY = 'super-secret';
    try {
      const out = await run({ command: node, args: ['-e', 'console.error("bad:" + process.env.INWORLD_API_KEY); process.exit(3)'] });
      expect(out).toMatchObject({ exitCode: 3, stderr: 'bad:undefined\n' });
    } finally {
      delete process.env.INWORLD_API_KEY;
    }
  });

  it.skipIf(!posix)('kills the whole process group on timeout', async () => {
    const script = `
      const { spawn } = require('child_process');
      const g = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log(g.pid);
      setInterval(() => {}, 1000);`;
    const started = Date.now();
    const out = await run({ command: node, args: ['-e', script], timeoutSeconds: 1 });
    expect(out.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(6000);
    const grandchild = Number(String(out.stdout).trim());
    expect(grandchild).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(alive(grandchild)).toBe(false);
  });

  it('stops the program when the call is cancelled', async () => {
    const ac = new AbortController();
    const pidFile = path.join(work.dir, 'pid');
    const pending = run({ command: node, args: ['-e', "require('fs').writeFileSync('pid', String(process.pid)); setInterval(() => {}, 1000)"] }, ac.signal);
    while (!existsSync(pidFile)) await new Promise((r) => setTimeout(r, 20));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(pid)).toBe(true);
    ac.abort();
    expect((await pending).error).toBe('cancelled');
    const until = Date.now() + 3000;
    while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(alive(pid)).toBe(false);
  });

  it('caps huge output', async () => {
    const out = await run({ command: node, args: ['-e', 'process.stdout.write("x".repeat(200000))'] });
    expect(out.stdoutTruncated).toBe(true);
    expect(String(out.stdout).length).toBe(6 * 1024);
  });

  it('runs only inside an allowed folder and reports a missing program', async () => {
    const outside = tempDir('run-outside-');
    try {
      expect((await run({ command: node, args: ['-v'], cwd: outside.dir })).error).toMatch(/outside the allowed folders/);
      expect((await run({ command: node, args: ['-v'], cwd: `${work.dir}/..` })).error).toMatch(/'\.\.'/);
      expect((await run({ command: 'definitely-not-a-program-xyz' })).error).toMatch(/was not found on PATH/);
      h.settings.setTools({ allowedFolders: [] });
      expect((await run({ command: node, args: ['-v'] })).error).toMatch(/needs an allowed folder/);
    } finally {
      outside.cleanup();
    }
  });

  it('rejects bad arguments', async () => {
    expect((await run({ args: ['x'] })).error).toMatch(/invalid arguments/);
    expect((await run({ command: node, timeoutSeconds: 10_000 })).error).toMatch(/invalid arguments/);
    expect((await run({ command: node, args: 'rm -rf /' })).error).toMatch(/invalid arguments/);
  });

  it('quotes the command line for display', () => {
    expect(commandLine('git', ['commit', '-m', "it's done"])).toBe(`git commit -m 'it'\\''s done'`);
    expect(commandLine('ls', [''])).toBe(`ls ''`);
  });
});

describe('run_command finds the program itself, never in the working folder', () => {
  it.skipIf(!posix)('resolves a bare name through PATH and shows the absolute path in the approval', async () => {
    const out = await run({ command: path.basename(node), args: ['-e', 'console.log(1)'] }).catch(String);
    // `node` on PATH here may differ from process.execPath; the approval names whichever absolute file runs.
    expect(h.requests[0]!.summary).toMatch(new RegExp(`^Run in ${work.dir}:\\n/\\S+/${path.basename(node)} -e`));
    expect(out).toBeDefined();
  });

  it.skipIf(!posix)("a program planted in the working folder is not picked up, even with '.' or an empty entry on PATH", async () => {
    const { writeFileSync, chmodSync, mkdirSync } = await import('node:fs');
    const planted = path.join(work.dir, 'innocent-tool');
    writeFileSync(planted, `#!/bin/sh\ntouch "${path.join(work.dir, 'pwned')}"\n`);
    chmodSync(planted, 0o755);
    const old = process.env.PATH;
    process.env.PATH = `.::${old}`;
    try {
      const out = await run({ command: 'innocent-tool' });
      expect(out.error).toMatch(/not found on PATH/);
      expect((await run({ command: './innocent-tool' })).error).toMatch(/not relative to the working folder/);
      expect(existsSync(path.join(work.dir, 'pwned'))).toBe(false);
      // An absolute path the user can see in the approval is fine.
      mkdirSync(path.join(work.dir, 'bin'));
      expect((await run({ command: planted })).exitCode).toBe(0);
      expect(h.requests.at(-1)!.summary).toContain(planted);
    } finally {
      process.env.PATH = old;
    }
  });

  it('escapes bidi and zero-width characters in the approval text', async () => {
    await run({ command: node, args: ['-e', 'console.log(1) //\u202e)"txt.exe"(\u200b'] });
    const summary = h.requests[0]!.summary;
    expect(summary).not.toMatch(/[\u202e\u200b]/);
    expect(summary).toContain('<U+202E>');
    expect(summary).toContain('<U+200B>');
  });
});
