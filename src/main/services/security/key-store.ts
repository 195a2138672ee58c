import { CallFailure } from '../../../shared/ipc/call-result';
import type { Logger } from '../../../shared/logger';
import type { KeyStatus, KeyStorePort } from '../ports';

/**
 * Electron's safeStorage, reduced to what the key store needs. The Electron adapter uses the async
 * API (isAsyncEncryptionAvailable / encryptStringAsync / decryptStringAsync), which initialises the
 * OS keychain lazily instead of blocking the main thread on a keychain prompt.
 */
export interface SafeStoragePort {
  isEncryptionAvailable(): boolean | Promise<boolean>;
  /** Linux only: 'basic_text' means no keychain (the "encryption" is a hard-coded password). */
  selectedBackend(): string | undefined;
  encrypt(plain: string): Promise<Uint8Array>;
  /**
   * A bare string means "no advice" (test fakes). `shouldReEncrypt` is decryptStringAsync's advice
   * that the keychain key was rotated or upgraded: the caller should store a fresh ciphertext.
   */
  decrypt(cipher: Uint8Array): Promise<string | { plain: string; shouldReEncrypt: boolean }>;
}

/** Where the encrypted blob lives (a 0600 file in userData in the app). */
export interface SecretBlobStore {
  read(): Promise<Uint8Array | undefined>;
  write(data: Uint8Array): Promise<void>;
  remove(): Promise<void>;
}

export interface KeyStoreDeps {
  safeStorage: SafeStoragePort;
  blobs: SecretBlobStore;
  /** Whether the user opted into INWORLD_API_KEY (settings.allowEnvKey), read on every call. */
  allowEnvKey: () => boolean;
  env: Record<string, string | undefined>;
  logger: Logger;
  /** Told every key value this store handles, so the log redactor can blank it wherever it appears. */
  registerSecret?: (value: string) => void;
}

const NO_KEYCHAIN =
  'This system offers no keychain for secrets (Electron safeStorage reports "basic_text"), so the key is not stored. ' +
  'Set INWORLD_API_KEY in the environment and turn on "Allow key from environment" instead.';

/**
 * The API key's only home. Policy: the key is stored only encrypted by a real OS keychain; where
 * there is none (Linux basic_text) storing is refused with an explanation, and the environment's
 * INWORLD_API_KEY is used only if the user opted in. The key itself leaves this class only through
 * `read()`, which the bridge contract has no call for.
 */
export class KeyStore implements KeyStorePort {
  /** A key the user gave that could not be written (disk full): used until quit, never lost silently. */
  private unsaved: string | undefined;

  constructor(private readonly deps: KeyStoreDeps) {}

  async secureStorageAvailable(): Promise<boolean> {
    const s = this.deps.safeStorage;
    try {
      return s.selectedBackend() !== 'basic_text' && (await s.isEncryptionAvailable());
    } catch {
      return false;
    }
  }

  async status(): Promise<KeyStatus> {
    const secure = await this.secureStorageAvailable();
    if (this.unsaved !== undefined) {
      return { set: true, source: 'keychain', secureStorageAvailable: secure, warning: 'The key could not be saved (see the error); it is used until you quit.' };
    }
    if (secure && (await this.readKeychain()) !== undefined) {
      return { set: true, source: 'keychain', secureStorageAvailable: true };
    }
    if (this.envKey() !== undefined) {
      return {
        set: true,
        source: 'env',
        secureStorageAvailable: secure,
        ...(secure ? {} : { warning: 'Using INWORLD_API_KEY from the environment because this system has no keychain.' }),
      };
    }
    return { set: false, source: 'none', secureStorageAvailable: secure, ...(secure ? {} : { warning: NO_KEYCHAIN }) };
  }

  async set(key: string): Promise<KeyStatus> {
    const trimmed = key.trim();
    if (!(await this.secureStorageAvailable())) throw new CallFailure(NO_KEYCHAIN);
    if (/\s/.test(trimmed)) throw new CallFailure('The key must not contain spaces: paste it exactly as the portal shows it.');
    this.deps.registerSecret?.(trimmed);
    const cipher = await this.deps.safeStorage.encrypt(trimmed);
    try {
      await this.deps.blobs.write(cipher);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      this.deps.logger.error('api key not saved', { error: String(err) });
      this.unsaved = trimmed;
      const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EROFS' || code === 'EACCES' || code === 'EPERM' ? 'the data folder is not writable' : 'writing it failed';
      throw new CallFailure(`The key could not be saved because ${why}. It is used until you quit; free some space and paste it again to keep it.`);
    }
    this.unsaved = undefined;
    this.deps.logger.info('api key stored in the keychain');
    return this.status();
  }

  async clear(): Promise<KeyStatus> {
    this.unsaved = undefined;
    await this.deps.blobs.remove();
    this.deps.logger.info('api key removed');
    return this.status();
  }

  async read(): Promise<string | undefined> {
    const k = this.unsaved ?? ((await this.secureStorageAvailable()) ? await this.readKeychain() : undefined) ?? this.envKey();
    if (k !== undefined) this.deps.registerSecret?.(k);
    return k;
  }

  private envKey(): string | undefined {
    if (!this.deps.allowEnvKey()) return undefined;
    const k = this.deps.env.INWORLD_API_KEY?.trim();
    return k ? k : undefined;
  }

  private async readKeychain(): Promise<string | undefined> {
    const blob = await this.deps.blobs.read();
    if (!blob || blob.byteLength === 0) return undefined;
    let k: string;
    try {
      const out = await this.deps.safeStorage.decrypt(blob);
      if (typeof out === 'string') k = out;
      else {
        k = out.plain;
        if (k && out.shouldReEncrypt) await this.reEncrypt(k);
      }
    } catch (err) {
      // E.g. the keychain entry was reset: report "not set" rather than failing every call.
      this.deps.logger.warn('api key could not be decrypted', { error: String(err) });
      return undefined;
    }
    return k ? k : undefined;
  }

  /** Best effort: the old ciphertext still decrypts, so a failure here must not lose the key. */
  private async reEncrypt(key: string): Promise<void> {
    try {
      await this.deps.blobs.write(await this.deps.safeStorage.encrypt(key));
      this.deps.logger.info('api key re-encrypted after a keychain key change');
    } catch (err) {
      this.deps.logger.warn('api key could not be re-encrypted', { error: String(err) });
    }
  }
}
