import path from 'node:path';
import { z } from 'zod';
import type { ToolSettingsAccessor } from '../ports';
import { defineTool, ToolError, type Tool } from '../tool';
import { runProcess } from './process-runner';
import { resolveExecutable } from './resolve-executable';
import { resolveAllowedPath } from './safe-path';

const MAX_TIMEOUT_S = 120;
const OUTPUT_CAP = 6 * 1024; // per stream; both fit in the 16 KiB function output

/** POSIX-shell-style quoting, only for showing the user exactly what will run (never executed by a shell). */
export function quoteArg(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_\-.,/:=@%+]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(command: string, args: string[]): string {
  return [command, ...args].map(quoteArg).join(' ');
}

const schema = z.object({
  command: z.string().min(1).max(1024).describe('the program to run (name on PATH or absolute path); no shell syntax'),
  args: z.array(z.string().max(4096)).max(64).default([]).describe('arguments, one per element; no quoting needed'),
  cwd: z.string().max(4096).optional().describe('working directory inside an allowed folder; defaults to the first one'),
  timeoutSeconds: z.number().int().min(1).max(MAX_TIMEOUT_S).default(30),
});

/**
 * Runs a program the user approves every single time (alwaysAsk), only when the user has switched
 * the feature on, without a shell, inside an allowed folder, with a minimal environment.
 */
export function createRunCommandTool(settings: ToolSettingsAccessor): Tool {
  const folders = (): string[] => settings.get().tools.allowedFolders;
  return defineTool({
    name: 'run_command',
    description:
      'Run a program on the user\'s computer (no shell: give the program and its arguments separately; pipes, redirects and wildcards do not work). The user approves every run.',
    risk: 'dangerous',
    alwaysAsk: true,
    timeoutMs: (MAX_TIMEOUT_S + 10) * 1000,
    isEnabled: () => settings.get().tools.runCommandEnabled,
    schema,
    // The approval shows the program's resolved absolute path and the resolved folder, not the model's words.
    summarize: async ({ command, args, cwd }) => {
      const exe = await resolveExecutable(command).catch(() => `${command} (not found: it will not run)`);
      const base = cwd ?? folders()[0];
      const dir = base ? await resolveAllowedPath(base, folders()).then((d) => d.realPath, () => base) : '(no allowed folder)';
      return `Run in ${dir}:\n${commandLine(exe, args)}`;
    },
    async execute({ command, args, cwd, timeoutSeconds }, ctx) {
      if (command.includes('\0') || args.some((a) => a.includes('\0'))) throw new ToolError('NUL characters are not allowed');
      const base = cwd ?? folders()[0];
      if (!base) throw new ToolError('run_command needs an allowed folder to run in; the user can add one in Settings → Tools');
      const dir = await resolveAllowedPath(base, folders());
      if (!dir.stats.isDirectory()) throw new ToolError(`${base} is not a folder`);
      const executable = await resolveExecutable(command);
      const r = await runProcess({
        command: executable,
        args,
        cwd: dir.realPath,
        timeoutMs: timeoutSeconds * 1000,
        maxOutputBytes: OUTPUT_CAP,
        signal: ctx.signal,
      });
      return {
        commandLine: commandLine(executable, args),
        cwd: path.normalize(dir.realPath),
        exitCode: r.exitCode,
        ...(r.signal ? { signal: r.signal } : {}),
        ...(r.timedOut ? { timedOut: true, note: `stopped after ${timeoutSeconds} s` } : {}),
        stdout: r.stdout,
        stderr: r.stderr,
        ...(r.stdoutTruncated ? { stdoutTruncated: true } : {}),
        ...(r.stderrTruncated ? { stderrTruncated: true } : {}),
        durationMs: r.durationMs,
      };
    },
  });
}
