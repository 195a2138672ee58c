/** Launch at login is checked at every start, against a real XDG autostart folder in a temp dir. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { linuxAutostartEntry, linuxLoginItem, reconcileLaunchAtLogin } from '../../../../src/main/services/shell/autostart';
import { trayMenuModel } from '../../../../src/main/services/shell/tray-model';

const dir = mkdtempSync(join(tmpdir(), 'autostart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function copy(appImage?: string) {
  const configHome = join(dir, `home-${n++}`);
  const opts = { configHome, execPath: '/opt/Inworld Desk/inworld-desk', name: 'Inworld Desk', ...(appImage ? { appImage } : {}) };
  return { opts, file: join(configHome, 'autostart', 'inworld-desk.desktop'), port: linuxLoginItem(opts) };
}

describe('launch at login, reconciled at start', () => {
  it('writes a missing entry when the setting is on, and leaves a current one alone', async () => {
    const c = copy();
    expect(await reconcileLaunchAtLogin(true, c.port)).toBe('applied');
    expect(readFileSync(c.file, 'utf8')).toContain('Exec="/opt/Inworld Desk/inworld-desk" --hidden');
    expect(await reconcileLaunchAtLogin(true, c.port)).toBe('unchanged');
  });

  it('repairs an entry that points at an AppImage which has moved since', async () => {
    const before = copy('/home/u/Apps/Inworld-Desk-0.1.0.AppImage');
    await reconcileLaunchAtLogin(true, before.port);
    const after = { ...before, port: linuxLoginItem({ ...before.opts, appImage: '/home/u/Apps/Inworld-Desk-0.2.0.AppImage' }) };
    expect(await after.port.state()).toBe('stale');
    expect(await reconcileLaunchAtLogin(true, after.port)).toBe('applied');
    expect(readFileSync(after.file, 'utf8')).toContain('Inworld-Desk-0.2.0.AppImage');
  });

  it('removes an entry (even a stale one) when the setting is off', async () => {
    const c = copy();
    mkdirSync(join(c.opts.configHome, 'autostart'), { recursive: true });
    writeFileSync(c.file, linuxAutostartEntry({ ...c.opts, execPath: '/old/path/inworld-desk' }));
    expect(await reconcileLaunchAtLogin(false, c.port)).toBe('applied');
    expect(existsSync(c.file)).toBe(false);
    expect(await reconcileLaunchAtLogin(false, c.port)).toBe('unchanged');
  });
});

describe('tray: updates', () => {
  const base = { mode: 'push-to-talk' as const, talking: false, talkHotkey: 'F9', quickAskHotkey: 'F10' };
  const labels = (u?: { enabled: boolean; readyVersion?: string }) =>
    trayMenuModel({ ...base, ...(u ? { updates: u } : {}) }).flatMap((i) => (i.type === 'normal' ? [`${i.action}:${i.label}`] : []));
  it('"Check for updates", then "Restart to update" once one is downloaded; nothing where there is no updater', () => {
    expect(labels({ enabled: true })).toContain('check-updates:Check for updates');
    expect(labels({ enabled: false })).toContain('check-updates:Check for updates'); // clicking explains why not
    expect(labels({ enabled: true, readyVersion: '0.2.0' })).toContain('install-update:Restart to update to 0.2.0');
    expect(labels().some((l) => l.includes('update'))).toBe(false);
  });
});
