import { safeStorage } from 'electron';
import type { SafeStoragePort } from '../services/security/key-store';

/**
 * Electron's safeStorage behind the key store's port, on the async API (Electron ≥ 45): it
 * initialises the keychain lazily and does not block the main thread on a keychain prompt, and its
 * decrypt says when the stored ciphertext should be renewed (the key store then re-encrypts).
 * getSelectedStorageBackend has no async twin; it is what tells a real keychain from Linux's
 * `basic_text`, which the key store refuses.
 */
export const electronSafeStorage: SafeStoragePort = {
  isEncryptionAvailable: () => safeStorage.isAsyncEncryptionAvailable(),
  selectedBackend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined),
  async encrypt(plain) {
    return new Uint8Array(await safeStorage.encryptStringAsync(plain));
  },
  async decrypt(cipher) {
    const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(cipher));
    return { plain: result, shouldReEncrypt };
  },
};
