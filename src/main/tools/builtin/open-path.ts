import path from 'node:path';
import { z } from 'zod';
import type { OpenPathPort } from '../ports';
import { defineTool, ToolError, type Tool } from '../tool';
import { describeAllowedFolders, resolveAllowedPath } from './safe-path';

/**
 * Opening a file hands it to the OS default handler, which for programs and scripts means running
 * them. The assistant may open documents and folders, never launch code.
 */
const RUNNABLE_EXTENSIONS = new Set([
  '.exe', '.com', '.bat', '.cmd', '.msi', '.msp', '.scr', '.pif', '.cpl', '.ps1', '.psm1', '.vbs', '.vbe',
  '.js', '.jse', '.wsf', '.wsh', '.hta', '.lnk', '.url', '.reg', '.jar', '.sh', '.bash', '.zsh', '.command',
  '.app', '.desktop', '.appimage', '.run', '.bin', '.pkg', '.dmg', '.deb', '.rpm', '.py', '.pl', '.rb', '.scpt',
  '.workflow', '.terminal', '.inetloc', '.fileloc', '.webloc',
  '.pyw', '.appref-ms', '.msc', '.chm', '.xll', '.diagcab', '.library-ms', '.search-ms', '.iso', '.vhd', '.vhdx',
  '.jnlp', '.mpkg', '.prefpane', '.settingcontent-ms', '.ws', '.gadget', '.application', '.xbap', '.msix',
  '.msixbundle', '.appx', '.appxbundle', '.img', '.scf', '.hlp', '.cab', '.kext', '.action', '.osax', '.apk',
]);

export interface AllowedFolders {
  (): string[];
}

export function createOpenPathTool(port: OpenPathPort, allowedFolders: AllowedFolders): Tool {
  return defineTool({
    name: 'open_path',
    description: () =>
      `Open a file or folder with the computer's default app. Only inside the allowed folders: ${describeAllowedFolders(allowedFolders())}. Programs and scripts are never opened.`,
    risk: 'write',
    isEnabled: () => allowedFolders().length > 0,
    schema: z.object({ path: z.string().min(1).max(4096).describe('absolute path, or relative to the first allowed folder') }),
    // The approval names the resolved file, not the model's spelling of it (a symlink, a relative path).
    summarize: async ({ path: p }) => {
      const shown = await resolveAllowedPath(p, allowedFolders()).then((r) => r.realPath, () => p);
      return `Open ${shown} with its default app`;
    },
    async execute({ path: input }) {
      const resolved = await resolveAllowedPath(input, allowedFolders());
      const { stats, realPath } = resolved;
      if (!stats.isFile() && !stats.isDirectory()) throw new ToolError('only regular files and folders can be opened');
      if (RUNNABLE_EXTENSIONS.has(path.extname(realPath).toLowerCase())) {
        throw new ToolError(`refusing to open ${path.basename(realPath)}: programs and scripts are not opened by the assistant`);
      }
      // On POSIX an executable bit on a file (not a folder) means the handler may run it.
      if (stats.isFile() && process.platform !== 'win32' && (stats.mode & 0o111) !== 0) {
        throw new ToolError(`refusing to open ${path.basename(realPath)}: it is marked executable`);
      }
      const problem = await port.openPath(realPath);
      if (problem) throw new ToolError(`could not open ${input}: ${problem}`);
      return { opened: realPath, kind: stats.isDirectory() ? 'folder' : 'file' };
    },
  });
}
