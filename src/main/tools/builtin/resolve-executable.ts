import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { ToolError } from '../tool';

/**
 * Finds the program run_command will start, explicitly, so the approval can show its absolute path
 * and the working folder can never supply it: a bare name is looked up only in the absolute
 * entries of PATH (an empty entry or '.' would mean "the current folder", where the model may have
 * just written a file); a relative path (./tool, bin/tool) is refused; an absolute path must be an
 * executable regular file. Windows also tries PATHEXT, as CreateProcess would.
 */
export async function resolveExecutable(
  command: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<string> {
  const p = platform === 'win32' ? path.win32 : path.posix;
  if (command.includes('\0')) throw new ToolError('NUL characters are not allowed');
  const hasSeparator = /[\\/]/.test(command);
  if (hasSeparator && !p.isAbsolute(command)) {
    throw new ToolError(`give the program by name (looked up on PATH) or by absolute path, not relative to the working folder: ${command}`);
  }
  const exts = platform === 'win32' ? ['', ...(env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)] : [''];
  const candidates = hasSeparator
    ? exts.map((e) => command + e)
    : (env.PATH ?? env.Path ?? '')
        .split(platform === 'win32' ? ';' : ':')
        .filter((dir) => dir && p.isAbsolute(dir))
        .flatMap((dir) => exts.map((e) => p.join(dir, command + e)));
  for (const c of candidates) {
    if (await isExecutableFile(c, platform)) return c;
  }
  throw new ToolError(hasSeparator ? `${command} is not an executable file` : `${command} was not found on PATH`);
}

async function isExecutableFile(file: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return false;
    if (platform !== 'win32') await fs.access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
