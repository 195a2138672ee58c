import { app } from 'electron';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../shared/logger';
import { HIDDEN_FLAG, linuxLoginItem, reconcileLaunchAtLogin, type LoginItemPort } from '../services/shell/autostart';

/** Launch at login, starting hidden in the tray via our own --hidden flag. */
function loginItem(): LoginItemPort {
  if (process.platform === 'linux') {
    return linuxLoginItem({
      configHome: process.env.XDG_CONFIG_HOME || join(homedir(), '.config'),
      execPath: process.execPath,
      ...(process.env.APPIMAGE ? { appImage: process.env.APPIMAGE } : {}),
      name: app.getName(),
    });
  }
  return {
    state: async () => (app.getLoginItemSettings({ args: [HIDDEN_FLAG] }).openAtLogin ? 'current' : 'absent'),
    setEnabled: async (enabled) => app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] }),
  };
}

/** When the setting changes. */
export function applyLaunchAtLogin(enabled: boolean, logger: Logger): void {
  loginItem()
    .setEnabled(enabled)
    .catch((err: unknown) => logger.warn('autostart entry failed', { error: String(err) }));
}

/** At every start: make the login item match the setting (see reconcileLaunchAtLogin). */
export function checkLaunchAtLogin(enabled: boolean, logger: Logger): Promise<void> {
  return reconcileLaunchAtLogin(enabled, loginItem()).then(
    (done) => {
      if (done === 'applied') logger.info('launch at login re-applied at start', { enabled });
    },
    (err: unknown) => logger.warn('launch at login check failed', { error: String(err) }),
  );
}
