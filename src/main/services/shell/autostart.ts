import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Our own flag: started at login → stay in the tray (Electron's openAsHidden is macOS-only). */
export const HIDDEN_FLAG = '--hidden';

export function startedHidden(argv: readonly string[], settings: { startHidden: boolean }): boolean {
  return argv.includes(HIDDEN_FLAG) || settings.startHidden;
}

export interface LinuxAutostartOptions {
  configHome: string;
  execPath: string;
  appImage?: string;
  name: string;
}

function autostartFile(opts: LinuxAutostartOptions): string {
  return join(opts.configHome, 'autostart', 'inworld-desk.desktop');
}

/** The XDG autostart entry for this copy of the app (pure: what setLinuxAutostart writes). */
export function linuxAutostartEntry(opts: LinuxAutostartOptions): string {
  const exec = opts.appImage ?? opts.execPath;
  const quoted = `"${exec.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${opts.name.replace(/[\r\n]/g, ' ')}`,
    `Exec=${quoted} ${HIDDEN_FLAG}`,
    'X-GNOME-Autostart-enabled=true',
    'NoDisplay=false',
    '',
  ].join('\n');
}

/**
 * Linux has no app.setLoginItemSettings: write (or remove) an XDG autostart entry instead. The
 * command is the AppImage path when running from one (its mount point changes every launch).
 */
export async function setLinuxAutostart(opts: LinuxAutostartOptions & { enabled: boolean }): Promise<string> {
  const file = autostartFile(opts);
  if (!opts.enabled) {
    await rm(file, { force: true });
    return file;
  }
  await mkdir(join(opts.configHome, 'autostart'), { recursive: true });
  await writeFile(file, linuxAutostartEntry(opts), { mode: 0o644 });
  return file;
}

/** The login item as found: ours and current, missing, or present but not what we would write. */
export type LoginItemState = 'current' | 'absent' | 'stale';

export interface LoginItemPort {
  state(): Promise<LoginItemState>;
  setEnabled(enabled: boolean): Promise<void>;
}

/** Linux: "current" means our entry exists and still starts this executable (an AppImage moves). */
export function linuxLoginItem(opts: LinuxAutostartOptions): LoginItemPort {
  return {
    async state() {
      const found = await readFile(autostartFile(opts), 'utf8').catch(() => undefined);
      if (found === undefined) return 'absent';
      return found === linuxAutostartEntry(opts) ? 'current' : 'stale';
    },
    async setEnabled(enabled) {
      await setLinuxAutostart({ ...opts, enabled });
    },
  };
}

/**
 * Run at every start, not only when the setting changes: the entry may have been removed by the
 * user or a cleaner, point at an AppImage that was moved or replaced, or outlive the setting.
 */
export async function reconcileLaunchAtLogin(desired: boolean, port: LoginItemPort): Promise<'unchanged' | 'applied'> {
  const state = await port.state();
  if (desired ? state === 'current' : state === 'absent') return 'unchanged';
  await port.setEnabled(desired);
  return 'applied';
}
