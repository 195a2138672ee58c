import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Our own flag: started at login → stay in the tray (Electron's openAsHidden is macOS-only). */
export const HIDDEN_FLAG = '--hidden';

export function startedHidden(argv: readonly string[], settings: { startHidden: boolean }): boolean {
  return argv.includes(HIDDEN_FLAG) || settings.startHidden;
}

/**
 * Linux has no app.setLoginItemSettings: write (or remove) an XDG autostart entry instead. The
 * command is the AppImage path when running from one (its mount point changes every launch).
 */
export async function setLinuxAutostart(opts: {
  enabled: boolean;
  configHome: string;
  execPath: string;
  appImage?: string;
  name: string;
}): Promise<string> {
  const file = join(opts.configHome, 'autostart', 'inworld-desk.desktop');
  if (!opts.enabled) {
    await rm(file, { force: true });
    return file;
  }
  const exec = opts.appImage ?? opts.execPath;
  const quoted = `"${exec.replace(/(["`$\\])/g, '\\$1')}"`;
  const entry = [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${opts.name.replace(/[\r\n]/g, ' ')}`,
    `Exec=${quoted} ${HIDDEN_FLAG}`,
    'X-GNOME-Autostart-enabled=true',
    'NoDisplay=false',
    '',
  ].join('\n');
  await mkdir(join(opts.configHome, 'autostart'), { recursive: true });
  await writeFile(file, entry, { mode: 0o644 });
  return file;
}
