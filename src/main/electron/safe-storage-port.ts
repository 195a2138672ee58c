import { safeStorage } from 'electron';
import type { SafeStoragePort } from '../services/key-store';

/**
 * Electron's safeStorage behind the key store's port: the async API where this Electron has it
 * (it is lazily initialised and does not block the main thread on a keychain prompt), else sync.
 */
export const electronSafeStorage: SafeStoragePort = {
  isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
  selectedBackend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined),
  async encrypt(plain) {
    if (typeof safeStorage.encryptStringAsync === 'function') return new Uint8Array(await safeStorage.encryptStringAsync(plain));
    return new Uint8Array(safeStorage.encryptString(plain));
  },
  async decrypt(cipher) {
    const buf = Buffer.from(cipher);
    if (typeof safeStorage.decryptStringAsync === 'function') return (await safeStorage.decryptStringAsync(buf)).result;
    return safeStorage.decryptString(buf);
  },
};
