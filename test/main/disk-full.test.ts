/**
 * Disk full, for real, on every write the app makes besides settings (settings-disk-full.test.ts):
 * the API key, MCP tokens, notes and the log live on a 64 KiB tmpfs that the test fills (needs
 * root to mount, as in CI; skipped otherwise). Each write that fails says so clearly, loses nothing
 * the user gave for this run, leaves what was saved before intact, and works again once there is room.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fileSecretBlob } from '../../src/main/services/security/file-secret-blob';
import { KeyStore } from '../../src/main/services/security/key-store';
import { NotesFile } from '../../src/main/tools/builtin/notes';
import { FileLogger } from '../../src/main/services/logging/file-logger';
import { fakeSafeStorage } from '../host/node-ports';
import { smallDisk } from './support/tmpfs';

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const disk = smallDisk('disk-full-');
afterAll(() => disk.dispose());

describe.skipIf(!disk.mounted)('a full disk', () => {
  it('the API key: a clear error, the new key used until quit, the old file intact, saved once there is room', async () => {
    disk.free();
    const path = join(disk.dir, 'api-key.bin');
    const keychain = fakeSafeStorage('keychain');
    const keys = new KeyStore({ safeStorage: keychain, blobs: fileSecretBlob(path), allowEnvKey: () => false, env: {}, logger });
    await keys.set('old-key-123');
    const before = readFileSync(path);
    disk.fill();
    await expect(keys.set('new-key-456')).rejects.toThrow(/could not be saved because the disk is full.*used until you quit/);
    expect(await keys.read()).toBe('new-key-456'); // nothing the user gave is lost for this run
    expect((await keys.status()).warning).toMatch(/could not be saved/);
    expect(readFileSync(path).equals(before)).toBe(true); // the saved key is whole
    disk.free();
    await keys.set('new-key-456');
    const again = new KeyStore({ safeStorage: keychain, blobs: fileSecretBlob(path), allowEnvKey: () => false, env: {}, logger });
    expect(await again.status()).toMatchObject({ set: true, source: 'keychain' });
    expect(await again.read()).toBe('new-key-456'); // a restart finds it on disk
  });

  it('notes: the failed note is an error the model hears; the notes before and after stay readable', async () => {
    disk.free();
    const notes = new NotesFile(join(disk.dir, 'notes.jsonl'));
    await notes.append('milk and eggs');
    disk.fill();
    await expect(notes.append(`a long note ${'x'.repeat(4000)}`)).rejects.toThrow(/the disk is full: the note was not saved/);
    disk.free();
    await notes.append('call the dentist');
    const found = (q: string) => notes.search(q, 10).then((r) => r.matches.map((m) => m.text));
    expect(await found('milk')).toEqual(['milk and eggs']);
    expect(await found('dentist')).toEqual(['call the dentist']); // not glued to a torn line
  });

  it('the log: writing never throws, and once there is room every line is whole again', () => {
    disk.free();
    const log = new FileLogger({ dir: disk.dir, name: 'full', level: 'info' });
    log.info('before the disk filled');
    disk.fill();
    for (let i = 0; i < 50; i++) expect(() => log.info(`while full ${i} ${'y'.repeat(200)}`)).not.toThrow();
    disk.free();
    log.info('after there is room again');
    const lines = readFileSync(join(disk.dir, 'full.log'), 'utf8').split('\n').filter(Boolean);
    expect(lines[0]).toMatch(/before the disk filled/);
    expect(lines.at(-1)).toMatch(/^\S+ .*after there is room again$/);
    expect(lines.at(-1)).not.toMatch(/while full/);
  });
});
