import { app } from 'electron';
import { join } from 'node:path';
import type { Logger } from '../../shared/logger';
import { fileSecretBlob } from '../services/security/file-secret-blob';
import { KeyStore } from '../services/security/key-store';
import { SettingsStore, type KeyValueBackend } from '../services/settings/settings-store';
import { electronSafeStorage } from './safe-storage-port';

/**
 * The settings and the key store on their Electron backends, shared by the app and the headless
 * `--ask` (so both read the same key under the same policy). Call after `ready` (safeStorage).
 */
export async function openStores(logger: Logger & { redactor?: { addSecret(v: string | undefined): void } }) {
  const { default: ElectronStore } = await import('electron-store');
  const settings = new SettingsStore(new ElectronStore({ name: 'settings' }) as unknown as KeyValueBackend, logger);
  const keys = new KeyStore({
    safeStorage: electronSafeStorage,
    blobs: fileSecretBlob(join(app.getPath('userData'), 'api-key.bin')),
    allowEnvKey: () => settings.get().allowEnvKey,
    env: process.env,
    logger,
    registerSecret: (v) => logger.redactor?.addSecret(v),
  });
  return { settings, keys };
}
