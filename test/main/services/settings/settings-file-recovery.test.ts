import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSettingsFile } from '../../../../src/main/services/settings/settings-file-recovery';
import { SettingsStore, type KeyValueBackend } from '../../../../src/main/services/settings/settings-store';

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function confOpener(dir: string) {
  return (): KeyValueBackend => {
    const conf = new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings', projectName: 'recovery-test' });
    return { get: (k) => conf.get(k), set: (k, v) => conf.set(k, v) };
  };
}

describe('a damaged settings.json never keeps the app from starting', () => {
  it.each([
    ['zero-length', ''],
    ['truncated', '{"settings":{"voice":"Ashley","tools":{"allowedFol'],
    ['garbage', '\u0000\u0001binary'],
  ])('%s: the file is moved aside, defaults are used and saved, and the user is told', (_what, content) => {
    const dir = mkdtempSync(join(tmpdir(), 'recover-'));
    dirs.push(dir);
    const file = join(dir, 'settings.json');
    writeFileSync(file, content);
    // Today's code path: the store's backend throws while the app already holds the single-instance lock.
    expect(() => new SettingsStore(confOpener(dir)(), logger)).toThrow();

    const opened = openSettingsFile(confOpener(dir), file, logger, Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(opened.recovered).toMatch(/could not be read .* moved to .*settings\.json\.corrupt-2026-01-02T03-04-05-000Z.*default settings/);
    const aside = readdirSync(dir).find((f) => f.startsWith('settings.json.corrupt-'))!;
    expect(readFileSync(join(dir, aside), 'utf8')).toBe(content); // nothing lost
    const store = new SettingsStore(opened.backend, logger);
    store.update({ voice: 'Ashley' });
    expect(JSON.parse(readFileSync(file, 'utf8')).settings.voice).toBe('Ashley');
  });

  it('a readable file is used as is, with no message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'recover-'));
    dirs.push(dir);
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ settings: { voice: 'Dennis' } }));
    const opened = openSettingsFile(confOpener(dir), file, logger);
    expect(opened.recovered).toBeUndefined();
    expect(new SettingsStore(opened.backend, logger).get().voice).toBe('Dennis');
    expect(existsSync(file)).toBe(true);
  });
});
