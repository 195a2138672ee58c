import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Conf from 'conf';
import { SettingsStore, type KeyValueBackend } from '../../../../src/main/services/settings/settings-store';
import { CURRENT_SETTINGS_VERSION, migrateSettings } from '../../../../src/main/services/settings/settings-migrations';
import { defaultSettings } from '../../../../src/shared/settings';

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const dirs: string[] = [];
function confIn(dir?: string) {
  const cwd = dir ?? mkdtempSync(join(tmpdir(), 'settings-'));
  dirs.push(cwd);
  const conf = new Conf<Record<string, unknown>>({ cwd, configName: 'settings', projectName: 'inworld-desk-test' });
  const backend: KeyValueBackend = { get: (k) => conf.get(k), set: (k, v) => conf.set(k, v) };
  return { cwd, conf, backend };
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('settings migrations', () => {
  it('moves pre-release flat keys into their new places', () => {
    const r = migrateSettings({ talkHotkey: 'F8', pushToTalk: false, voice: 'Ashley' }, 0);
    expect(r.version).toBe(CURRENT_SETTINGS_VERSION);
    expect(r.settings).toEqual({ hotkeys: { talk: 'F8' }, mode: 'hands-free', voice: 'Ashley' });
    expect(r.applied).toHaveLength(2);
  });

  it('moves the old default quick-ask key (Ctrl+Shift+K) to the new one, and keeps a key the user chose', () => {
    expect(migrateSettings({ hotkeys: { talk: 'F8', quickAsk: 'CommandOrControl+Shift+K' } }, 1).settings).toEqual({ hotkeys: { talk: 'F8', quickAsk: 'Alt+Shift+Space' } });
    expect(migrateSettings({ hotkeys: { quickAsk: 'F7' } }, 1).settings).toEqual({ hotkeys: { quickAsk: 'F7' } });
    expect(migrateSettings({}, 1).settings).toEqual({});
  });

  it('does not run a step the document already had', () => {
    const r = migrateSettings({ talkHotkey: 'F8' }, CURRENT_SETTINGS_VERSION);
    expect(r.settings).toEqual({ talkHotkey: 'F8' });
    expect(r.applied).toEqual([]);
  });

  it('leaves a document from a newer version alone (downgrade)', () => {
    const r = migrateSettings({ voice: 'X' }, CURRENT_SETTINGS_VERSION + 5);
    expect(r.version).toBe(CURRENT_SETTINGS_VERSION + 5);
    expect(r.applied).toEqual([]);
  });
});

describe('SettingsStore over conf', () => {
  it('starts with defaults and persists them with the schema version', () => {
    const { conf, backend } = confIn();
    const store = new SettingsStore(backend, logger);
    expect(store.get()).toEqual(defaultSettings());
    expect(conf.get('settingsVersion')).toBe(CURRENT_SETTINGS_VERSION);
  });

  it('migrates an old document on load and writes the result back', () => {
    const { cwd, conf, backend } = confIn();
    conf.set('settings', { talkHotkey: 'Alt+F9', pushToTalk: true, voice: 'Ashley' });
    const store = new SettingsStore(backend, logger);
    expect(store.get().hotkeys.talk).toBe('Alt+F9');
    expect(store.get().mode).toBe('push-to-talk');
    expect(store.get().voice).toBe('Ashley');
    const onDisk = JSON.parse(readFileSync(join(cwd, 'settings.json'), 'utf8'));
    expect(onDisk.settings.talkHotkey).toBeUndefined();
    expect(onDisk.settingsVersion).toBe(CURRENT_SETTINGS_VERSION);
  });

  it('repairs an invalid document key by key and keeps a backup of the original', () => {
    const { conf, backend } = confIn();
    conf.set('settingsVersion', CURRENT_SETTINGS_VERSION);
    conf.set('settings', { voice: 'Ashley', endpoint: 'ftp://nope', mode: 'telepathy' });
    const store = new SettingsStore(backend, logger);
    expect(store.get().voice).toBe('Ashley');
    expect(store.get().endpoint).toBe(defaultSettings().endpoint);
    expect(store.get().mode).toBe('push-to-talk');
    expect(conf.get('settingsBackup')).toMatchObject({ endpoint: 'ftp://nope' });
  });

  it('merges nested patches, validates, persists and notifies', () => {
    const { cwd, backend } = confIn();
    const store = new SettingsStore(backend, logger);
    const seen = vi.fn();
    store.onDidChange(seen);
    const next = store.update({ hotkeys: { talkBehaviour: 'hold' }, voice: 'Dennis' });
    expect(next.hotkeys).toEqual({ ...defaultSettings().hotkeys, talkBehaviour: 'hold' });
    expect(seen).toHaveBeenCalledWith(expect.objectContaining({ voice: 'Dennis' }));
    const again = new SettingsStore(confIn(cwd).backend, logger);
    expect(again.get().voice).toBe('Dennis');
    expect(again.get().hotkeys.talkBehaviour).toBe('hold');
  });

  it('rejects a patch that would make the settings invalid and keeps the old ones', () => {
    const { backend } = confIn();
    const store = new SettingsStore(backend, logger);
    expect(() => store.update({ audio: { frameMs: 5 } })).toThrow(/Invalid settings/);
    expect(store.get().audio.frameMs).toBe(defaultSettings().audio.frameMs);
  });

  it('hands out copies, so callers cannot mutate the stored settings', () => {
    const { backend } = confIn();
    const store = new SettingsStore(backend, logger);
    store.get().hotkeys.talk = 'X';
    expect(store.get().hotkeys.talk).toBe(defaultSettings().hotkeys.talk);
  });
});
