import { mkdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SecretBlobStore } from './key-store';

/** The encrypted key as a user-only (0600) file; written atomically so a crash never half-writes it. */
export function fileSecretBlob(path: string): SecretBlobStore {
  return {
    async read() {
      try {
        return new Uint8Array(await readFile(path));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    async write(data) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const tmp = `${path}.${process.pid}.tmp`;
      try {
        await writeFile(tmp, data, { mode: 0o600 });
        await rename(tmp, path); // atomic: a failed write leaves the previous blob whole
      } catch (err) {
        await rm(tmp, { force: true }).catch(() => undefined);
        throw err;
      }
    },
    async remove() {
      await rm(path, { force: true });
    },
  };
}
