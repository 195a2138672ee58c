import { app } from 'electron';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../shared/logger';
import { HIDDEN_FLAG, setLinuxAutostart } from '../services/shell/autostart';

/** Launch at login, starting hidden in the tray via our own --hidden flag. */
export function applyLaunchAtLogin(enabled: boolean, logger: Logger): void {
  if (process.platform === 'linux') {
    void setLinuxAutostart({
      enabled,
      configHome: process.env.XDG_CONFIG_HOME || join(homedir(), '.config'),
      execPath: process.execPath,
      ...(process.env.APPIMAGE ? { appImage: process.env.APPIMAGE } : {}),
      name: app.getName(),
    }).catch((err) => logger.warn('autostart entry failed', { error: String(err) }));
    return;
  }
  app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] });
}
