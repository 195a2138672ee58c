import { app } from 'electron';
import { join } from 'node:path';
import type { Logger } from '../../shared/logger';
import { fileSecretBlob } from '../services/security/file-secret-blob';
import { KeyStore } from '../services/security/key-store';
import { McpSecrets } from '../services/security/mcp-secrets';
import { SealedValue } from '../services/security/sealed-value';
import { openSettingsFile } from '../services/settings/settings-file-recovery';
import { SettingsStore, type KeyValueBackend } from '../services/settings/settings-store';
import { electronSafeStorage } from './safe-storage-port';

/**
 * The settings and the key store on their Electron backends, shared by the app and the headless
 * `--ask` (so both read the same key under the same policy). Call after `ready` (safeStorage).
 */
export async function openStores(logger: Logger & { redactor?: { addSecret(v: string | undefined): void } }) {
  const { default: ElectronStore } = await import('electron-store');
  // A damaged settings.json is moved aside and defaults used; `recovered` says so, for the user.
  const opened = openSettingsFile(
    () => new ElectronStore({ name: 'settings' }) as unknown as KeyValueBackend,
    join(app.getPath('userData'), 'settings.json'),
    logger,
  );
  // MCP servers' environment values (tokens) are kept encrypted beside the key, never in settings.json.
  const mcpSecrets = await McpSecrets.open({
    safeStorage: electronSafeStorage,
    blobs: fileSecretBlob(join(app.getPath('userData'), 'mcp-secrets.bin')),
    logger,
    registerSecret: (v) => logger.redactor?.addSecret(v),
  });
  const settings = new SettingsStore(opened.backend, logger, mcpSecrets);
  const keys = new KeyStore({
    safeStorage: electronSafeStorage,
    blobs: fileSecretBlob(join(app.getPath('userData'), 'api-key.bin')),
    allowEnvKey: () => settings.get().allowEnvKey,
    env: process.env,
    logger,
    registerSecret: (v) => logger.redactor?.addSecret(v),
  });
  return { settings, keys, mcpSecrets, recovered: opened.recovered };
}

/** The keychain-sealed digest of the privileged settings the user last confirmed (see SettingsGuard). */
export function openSettingsSeal(logger: Logger): SealedValue {
  return new SealedValue(electronSafeStorage, fileSecretBlob(join(app.getPath('userData'), 'settings-seal.bin')), logger);
}
