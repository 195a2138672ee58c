/**
 * Node stand-ins for the Electron-backed ports, used by the browser test host: settings in a `conf`
 * file in a temp folder (same SettingsStore code as the app), a fake safeStorage that really
 * encrypts (AES-256-GCM with a per-process key) and can pretend to be Linux `basic_text`, and a
 * console-free logger that writes to a file in the data folder.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import Conf from 'conf';
import type { SafeStoragePort } from '../../src/main/services/security/key-store';
import type { KeyValueBackend } from '../../src/main/services/settings/settings-store';

export function confBackend(dir: string): KeyValueBackend {
  const conf = new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings', projectName: 'inworld-desk-test-host' });
  return { get: (k) => conf.get(k), set: (k, v) => conf.set(k, v) };
}

export function fakeSafeStorage(backend: 'keychain' | 'basic_text' = 'keychain'): SafeStoragePort {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => true,
    selectedBackend: () => (backend === 'basic_text' ? 'basic_text' : 'gnome_libsecret'),
    async encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return new Uint8Array(Buffer.concat([iv, c.getAuthTag(), body]));
    },
    async decrypt(cipher) {
      const buf = Buffer.from(cipher);
      const d = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    },
  };
}
