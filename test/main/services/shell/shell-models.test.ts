import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDemoConfig } from '../../../../src/main/services/session/demo-mode';
import { trayIconState, trayMenuModel } from '../../../../src/main/services/shell/tray-model';
import { setLinuxAutostart, startedHidden } from '../../../../src/main/services/shell/autostart';

const conn = (o: Partial<{ status: string; phase: string }> = {}) =>
  ({ status: 'ready', phase: 'idle', mode: 'push-to-talk', demo: false, ...o }) as never;

describe('demo mode', () => {
  it('is on for a loopback simulator URL and off otherwise', () => {
    expect(resolveDemoConfig({ INWORLD_REALTIME_URL: 'ws://127.0.0.1:8123/api/v1/realtime/session' })).toMatchObject({ demo: true, endpointOverride: 'ws://127.0.0.1:8123/api/v1/realtime/session' });
    expect(resolveDemoConfig({ INWORLD_REALTIME_URL: 'ws://localhost:1/x', INWORLD_DEMO_KEY: 'abc' })).toMatchObject({ demo: true, demoKey: 'abc' });
    expect(resolveDemoConfig({ INWORLD_REALTIME_URL: 'wss://staging.example/x' })).toMatchObject({ demo: false, endpointOverride: 'wss://staging.example/x' });
    expect(resolveDemoConfig({ INWORLD_REALTIME_URL: 'wss://staging.example/x', INWORLD_DEMO: '1' }).demo).toBe(true);
    expect(resolveDemoConfig({})).toMatchObject({ demo: false });
    expect(resolveDemoConfig({ INWORLD_REALTIME_URL: 'http://127.0.0.1/x' })).toMatchObject({ demo: false, ignored: expect.any(String) });
  });
});

describe('tray model', () => {
  it('picks the icon by urgency', () => {
    expect(trayIconState(conn({ status: 'error' }), true)).toBe('error');
    expect(trayIconState(conn(), true)).toBe('listening');
    expect(trayIconState(conn({ phase: 'speaking' }), false)).toBe('speaking');
    expect(trayIconState(conn({ status: 'offline' }), false)).toBe('offline');
    expect(trayIconState(conn({ status: 'reconnecting' }), false)).toBe('offline');
    expect(trayIconState(conn(), false)).toBe('idle');
  });

  it('has the documented items, mode as a radio pair; dictation off on a build without it', () => {
    const items = trayMenuModel({ mode: 'hands-free', talking: false, talkHotkey: 'F9', quickAskHotkey: 'F10' });
    const labels = items.map((i) => ('label' in i ? i.label : '—'));
    expect(labels).toEqual(['Talk', 'Dictate', 'Paste last dictation', 'Ask…', 'Mode', '—', 'Open window', 'Settings…', 'Open logs', '—', 'Quit Inworld Desk']);
    expect(items[1]).toMatchObject({ enabled: false });
    expect(items[0]).toMatchObject({ enabled: false }); // Talk is push-to-talk only
    const mode = items[4] as { items: Array<{ checked: boolean; label: string }> };
    expect(mode.items.map((i) => [i.label, i.checked])).toEqual([['Push-to-talk', false], ['Hands-free', true]]);
  });

  it('offers the launcher presets and the recent questions (shortened) as submenus', () => {
    const long = 'How do I undo the last commit without losing the changes in my working tree?';
    const items = trayMenuModel({
      mode: 'push-to-talk', talking: false, talkHotkey: 'F9', quickAskHotkey: 'Alt+Shift+Space',
      quickPresets: [{ id: 'explain', name: 'Explain' }], quickRecent: [long, 'Hi'],
    });
    const subs = items.filter((i): i is Extract<typeof i, { type: 'submenu' }> => i.type === 'submenu');
    const presets = subs.find((i) => i.label === 'Ask with')!;
    expect(presets.items).toEqual([{ type: 'normal', action: 'quick-preset:explain', label: 'Explain…', enabled: true }]);
    const recent = subs.find((i) => i.label === 'Recent questions')!;
    expect(recent.items.map((i) => ('action' in i ? [i.action, i.label.length <= 48] : []))).toEqual([['quick-recent:0', true], ['quick-recent:1', true]]);
    expect(items[3]).toMatchObject({ label: 'Ask…', accelerator: 'Alt+Shift+Space' });
  });
});

it('dictation items are enabled with their hotkeys, and say "Stop dictating" while recording', () => {
  const items = trayMenuModel({ mode: 'push-to-talk', talking: false, talkHotkey: 'F9', quickAskHotkey: 'F10', dictating: true, dictateHotkey: 'Alt+D', pasteLastHotkey: 'Alt+L' });
  expect(items[1]).toMatchObject({ action: 'dictate', label: 'Stop dictating', enabled: true, accelerator: 'Alt+D' });
  expect(items[2]).toMatchObject({ action: 'paste-last', enabled: true, accelerator: 'Alt+L' });
});

describe('launch at login', () => {
  it('starts hidden with our flag or the setting', () => {
    expect(startedHidden(['/app', '--hidden'], { startHidden: false })).toBe(true);
    expect(startedHidden(['/app'], { startHidden: true })).toBe(true);
    expect(startedHidden(['/app'], { startHidden: false })).toBe(false);
  });

  it('writes and removes an XDG autostart entry that passes --hidden', async () => {
    const home = mkdtempSync(join(tmpdir(), 'xdg-'));
    const file = await setLinuxAutostart({ enabled: true, configHome: home, execPath: '/opt/App "x"/app', name: 'Inworld Desk' });
    const entry = readFileSync(file, 'utf8');
    expect(entry).toContain('Exec="/opt/App \\"x\\"/app" --hidden');
    const viaAppImage = await setLinuxAutostart({ enabled: true, configHome: home, execPath: '/tmp/.mount/app', appImage: '/home/u/Desk.AppImage', name: 'D' });
    expect(readFileSync(viaAppImage, 'utf8')).toContain('Exec="/home/u/Desk.AppImage" --hidden');
    await setLinuxAutostart({ enabled: false, configHome: home, execPath: '/x', name: 'D' });
    expect(existsSync(file)).toBe(false);
    rmSync(home, { recursive: true, force: true });
  });
});
