import { describe, expect, it, vi } from 'vitest';
import { electronSafeStorage } from '../../../../src/main/electron/safe-storage-port';
import { KeyStore, type SafeStoragePort, type SecretBlobStore } from '../../../../src/main/services/security/key-store';
import { calls, KeyStatusSchema } from '../../../../src/shared/ipc/contract';
import { fakeSafeStorage } from '../../../host/node-ports';

/** Electron's safeStorage with only the async API working: the deprecated sync calls throw. */
const electronMock = vi.hoisted(() => ({
  asyncAvailable: true,
  shouldReEncrypt: false,
  backend: 'gnome_libsecret',
}));
vi.mock('electron', () => {
  const sync = () => {
    throw new Error('the sync safeStorage API must not be used');
  };
  return {
    safeStorage: {
      isEncryptionAvailable: sync,
      encryptString: sync,
      decryptString: sync,
      getSelectedStorageBackend: () => electronMock.backend,
      isAsyncEncryptionAvailable: async () => electronMock.asyncAvailable,
      encryptStringAsync: async (plain: string) => Buffer.from(`enc:${[...plain].reverse().join('')}`),
      decryptStringAsync: async (b: Buffer) => ({
        result: [...b.toString().replace(/^enc:/, '')].reverse().join(''),
        shouldReEncrypt: electronMock.shouldReEncrypt,
      }),
    },
  };
});

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const KEY = 'aW53b3JsZDpzZWNyZXQta2V5LXZhbHVl';

function memoryBlobs(): SecretBlobStore & { data: Uint8Array | undefined } {
  const s = {
    data: undefined as Uint8Array | undefined,
    read: async () => s.data,
    write: async (d: Uint8Array) => {
      s.data = d;
    },
    remove: async () => {
      s.data = undefined;
    },
  };
  return s;
}

function store(opts: { backend?: 'keychain' | 'basic_text'; allowEnv?: boolean; env?: Record<string, string>; safe?: SafeStoragePort } = {}) {
  const blobs = memoryBlobs();
  const keys = new KeyStore({
    safeStorage: opts.safe ?? fakeSafeStorage(opts.backend ?? 'keychain'),
    blobs,
    allowEnvKey: () => opts.allowEnv ?? false,
    env: opts.env ?? {},
    logger,
  });
  return { keys, blobs };
}

describe('KeyStore policy', () => {
  it('stores the key only encrypted and reads it back for main', async () => {
    const { keys, blobs } = store();
    const status = await keys.set(KEY);
    expect(status).toEqual({ set: true, source: 'keychain', secureStorageAvailable: true });
    expect(Buffer.from(blobs.data!).toString('utf8')).not.toContain(KEY);
    expect(Buffer.from(blobs.data!).toString('base64')).not.toContain(KEY);
    await expect(keys.read()).resolves.toBe(KEY);
  });

  it('refuses to store a key on Linux basic_text, with an explanation', async () => {
    const { keys, blobs } = store({ backend: 'basic_text' });
    await expect(keys.set(KEY)).rejects.toThrow(/no keychain.*INWORLD_API_KEY/s);
    expect(blobs.data).toBeUndefined();
    const status = await keys.status();
    expect(status).toMatchObject({ set: false, source: 'none', secureStorageAvailable: false });
    expect(status.warning).toMatch(/basic_text/);
  });

  it('refuses when encryption is unavailable at all', async () => {
    const safe = { ...fakeSafeStorage(), isEncryptionAvailable: () => false };
    const { keys } = store({ safe });
    await expect(keys.set(KEY)).rejects.toThrow();
  });

  it('uses INWORLD_API_KEY only when the user opted in', async () => {
    const env = { INWORLD_API_KEY: KEY };
    const off = store({ backend: 'basic_text', env, allowEnv: false });
    await expect(off.keys.read()).resolves.toBeUndefined();
    expect((await off.keys.status()).set).toBe(false);

    const on = store({ backend: 'basic_text', env, allowEnv: true });
    await expect(on.keys.read()).resolves.toBe(KEY);
    expect(await on.keys.status()).toMatchObject({ set: true, source: 'env', secureStorageAvailable: false });
  });

  it('prefers the keychain over the environment', async () => {
    const { keys } = store({ env: { INWORLD_API_KEY: 'ZW52LWtleS12YWx1ZQ==' }, allowEnv: true });
    await keys.set(KEY);
    await expect(keys.read()).resolves.toBe(KEY);
  });

  it('tells the log redactor every key it stores or hands out', async () => {
    const seen: string[] = [];
    const keys = new KeyStore({ safeStorage: fakeSafeStorage(), blobs: memoryBlobs(), allowEnvKey: () => false, env: {}, logger, registerSecret: (v) => seen.push(v) });
    await keys.set(`  ${KEY}  `);
    await keys.read();
    expect(seen).toEqual([KEY, KEY]);
  });

  it('clear removes the stored key', async () => {
    const { keys, blobs } = store();
    await keys.set(KEY);
    expect((await keys.clear()).set).toBe(false);
    expect(blobs.data).toBeUndefined();
    await expect(keys.read()).resolves.toBeUndefined();
  });

  it('reports "not set" instead of failing when the stored blob cannot be decrypted', async () => {
    const { keys, blobs } = store();
    blobs.data = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    expect((await keys.status()).set).toBe(false);
  });

  it('never returns the key over the bridge: no call outputs it, status has no field for it', async () => {
    const { keys } = store();
    const status = await keys.set(KEY);
    expect(JSON.stringify(status)).not.toContain(KEY);
    expect(JSON.stringify(await keys.status())).not.toContain(KEY);
    // The contract's key calls all answer with KeyStatus, whose schema strips unknown fields.
    for (const name of ['apiKey.status', 'apiKey.set', 'apiKey.clear'] as const) expect(calls[name].output).toBe(KeyStatusSchema);
    const leaked = KeyStatusSchema.parse({ ...status, key: KEY });
    expect(JSON.stringify(leaked)).not.toContain(KEY);
    // And no call is a key reader.
    expect(Object.keys(calls).filter((n) => /key/i.test(n))).toEqual(['apiKey.status', 'apiKey.set', 'apiKey.clear']);
  });

  it('re-encrypts the stored key when the keychain says so, and keeps it if that fails', async () => {
    const base = fakeSafeStorage();
    let advise = true;
    const safe: SafeStoragePort = { ...base, decrypt: async (c) => ({ plain: (await base.decrypt(c)) as string, shouldReEncrypt: advise }) };
    const { keys, blobs } = store({ safe });
    await keys.set(KEY);
    const first = blobs.data;
    await expect(keys.read()).resolves.toBe(KEY);
    expect(blobs.data).not.toEqual(first); // a fresh ciphertext (new IV) was written
    await expect(base.decrypt(blobs.data!)).resolves.toBe(KEY);

    const second = blobs.data;
    advise = false;
    await keys.read();
    expect(blobs.data).toBe(second); // no advice, no write

    advise = true;
    const failing = { ...safe, encrypt: async () => Promise.reject(new Error('keychain locked')) };
    const again = new KeyStore({ safeStorage: failing, blobs, allowEnvKey: () => false, env: {}, logger });
    await expect(again.read()).resolves.toBe(KEY);
    expect(blobs.data).toBe(second);
  });
});

describe('Electron safeStorage adapter', () => {
  it('uses the async API end to end, through the key store', async () => {
    electronMock.asyncAvailable = true;
    electronMock.shouldReEncrypt = false;
    const { keys, blobs } = store({ safe: electronSafeStorage });
    await expect(keys.set(KEY)).resolves.toMatchObject({ set: true, source: 'keychain' });
    expect(Buffer.from(blobs.data!).toString()).toMatch(/^enc:/);
    await expect(keys.read()).resolves.toBe(KEY);
  });

  it('passes decryptStringAsync\'s shouldReEncrypt on', async () => {
    electronMock.shouldReEncrypt = true;
    const cipher = await electronSafeStorage.encrypt(KEY);
    await expect(electronSafeStorage.decrypt(cipher)).resolves.toEqual({ plain: KEY, shouldReEncrypt: true });
    electronMock.shouldReEncrypt = false;
  });

  it('refuses to store when async encryption is unavailable, or the backend is basic_text', async () => {
    electronMock.asyncAvailable = false;
    await expect(store({ safe: electronSafeStorage }).keys.set(KEY)).rejects.toThrow(/no keychain/);
    electronMock.asyncAvailable = true;
    if (process.platform === 'linux') {
      electronMock.backend = 'basic_text';
      await expect(store({ safe: electronSafeStorage }).keys.set(KEY)).rejects.toThrow(/basic_text/);
      electronMock.backend = 'gnome_libsecret';
    }
  });
});
