import type { Logger } from '../../../shared/logger';
import type { SafeStoragePort, SecretBlobStore } from './key-store';

/**
 * A small value only this app can have written: encrypted with the same OS keychain (safeStorage)
 * as the API key, so a program that edits files in the data folder cannot forge it. The settings
 * guard keeps the digest of the last settings the user confirmed here.
 */
export class SealedValue {
  constructor(
    private readonly safeStorage: SafeStoragePort,
    private readonly blobs: SecretBlobStore,
    private readonly logger: Logger,
  ) {}

  async read(): Promise<string | undefined> {
    try {
      const blob = await this.blobs.read();
      if (!blob || blob.byteLength === 0) return undefined;
      const out = await this.safeStorage.decrypt(blob);
      return typeof out === 'string' ? out : out.plain;
    } catch (err) {
      // Unreadable (keychain reset, a forged file): the same as "never confirmed".
      this.logger.warn('sealed value unreadable', { error: String(err) });
      return undefined;
    }
  }

  async write(value: string): Promise<void> {
    await this.blobs.write(await this.safeStorage.encrypt(value));
  }
}
