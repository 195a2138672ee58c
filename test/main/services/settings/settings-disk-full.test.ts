/**
 * Disk full, for real: the settings live on a 64 KiB tmpfs that the test fills up (needs root to
 * mount; skipped otherwise). A write that fails says so clearly and loses nothing in memory.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SettingsNotSaved, SettingsStore } from '../../../../src/main/services/settings/settings-store';

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const dir = mkdtempSync(join(tmpdir(), 'settings-full-'));
let mounted = false;
beforeAll(() => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    mounted = true;
  } catch {
    mounted = false;
  }
});
afterAll(() => {
  if (mounted) execFileSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
});

function fill(): void {
  try {
    writeFileSync(join(dir, 'filler'), Buffer.alloc(1024 * 1024));
  } catch {
    // ENOSPC once the disk is full: that is the point.
  }
}

describe('settings on a full disk', () => {
  it('a change is kept in memory, the error says the disk is full, and it is saved once there is room', (ctx) => {
    if (!mounted) ctx.skip();
    const conf = new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings', projectName: 'full-test' });
    const store = new SettingsStore({ get: (k) => conf.get(k), set: (k, v) => conf.set(k, v) }, logger);
    store.update({ voice: 'Ashley' });
    fill();
    expect(() => store.update({ voice: 'Dennis', instructions: 'x'.repeat(10_000) })).toThrow(SettingsNotSaved);
    expect(() => store.update({ theme: 'dark' })).toThrow(/disk is full.*in effect until you quit/);
    expect(store.get()).toMatchObject({ voice: 'Dennis', theme: 'dark' }); // nothing lost in memory
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).settings.voice).toBe('Ashley'); // the file is intact
    rmSync(join(dir, 'filler'));
    store.update({ mode: 'hands-free' });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).settings).toMatchObject({ voice: 'Dennis', theme: 'dark', mode: 'hands-free' });
  });
});
