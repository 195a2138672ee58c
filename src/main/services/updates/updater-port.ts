/**
 * electron-updater's AppUpdater behind the UpdaterPort. Type-only import: the composition root
 * passes the real `autoUpdater`, the tests an AppImageUpdater driven in Node against a local feed,
 * so both run this same code. Downloads are explicit (autoDownload off) so UpdateService decides.
 */
import type { AppUpdater } from 'electron-updater';
import type { Logger } from '../../../shared/logger';
import type { UpdaterPort } from './update-service';

export function appUpdaterPort(updater: AppUpdater, logger: Logger): UpdaterPort {
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = true;
  updater.allowDowngrade = false;
  updater.logger = {
    info: (m?: unknown) => logger.info(`updater: ${String(m)}`),
    warn: (m?: unknown) => logger.warn(`updater: ${String(m)}`),
    error: (m?: unknown) => logger.warn(`updater: ${String(m)}`),
    debug: (m: string) => logger.debug(`updater: ${m}`),
  };
  return {
    async check() {
      const result = await updater.checkForUpdates();
      return result?.isUpdateAvailable ? { version: result.updateInfo.version } : null;
    },
    async download() {
      await updater.downloadUpdate();
    },
    quitAndInstall() {
      updater.quitAndInstall();
    },
  };
}
