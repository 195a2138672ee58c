import { app } from 'electron';
import type { Logger } from '../../shared/logger';
import type { SettingsStorePort } from '../services/ports';
import { updateEligibility } from '../services/updates/update-policy';
import { appUpdaterPort } from '../services/updates/updater-port';
import { UpdateService } from '../services/updates/update-service';

/**
 * The app's updater: electron-updater's autoUpdater for this platform (AppImage, dmg, nsis), loaded
 * only when this install can update itself (update-policy.ts), fed from app-update.yml, which
 * electron-builder writes from build/electron-builder.yml's `publish`.
 */
export function createUpdateService(settings: SettingsStorePort, logger: Logger, notify: (level: 'info' | 'warn' | 'error', message: string) => void): UpdateService {
  return new UpdateService({
    eligibility: updateEligibility({ isPackaged: app.isPackaged, platform: process.platform, env: process.env }),
    autoUpdate: () => settings.get().autoUpdate,
    updater: async () => {
      const mod = (await import('electron-updater')) as typeof import('electron-updater') & { default?: typeof import('electron-updater') };
      return appUpdaterPort(mod.default?.autoUpdater ?? mod.autoUpdater, logger);
    },
    logger,
    notify,
  });
}
