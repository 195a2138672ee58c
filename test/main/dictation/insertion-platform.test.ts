import { describe, expect, it } from 'vitest';
import { idealMethod, planInsertion, type PlatformFacts } from '../../../src/main/dictation/insertion-platform';
import { CopyOnlyInserter } from '../../../src/main/dictation/copy-only-inserter';

const linux = (env: PlatformFacts['env'], extra: Partial<PlatformFacts> = {}): PlatformFacts => ({ platform: 'linux', env, ...extra });

describe('insertion decision table', () => {
  const rows: Array<[string, PlatformFacts, string, string]> = [
    ['X11 session', linux({ DISPLAY: ':0', XDG_SESSION_TYPE: 'x11' }), 'x11-xtest', 'x11-xtest'],
    ['X11 without XDG vars (Xvfb, startx)', linux({ DISPLAY: ':99' }), 'x11-xtest', 'x11-xtest'],
    ['GNOME Wayland with XWayland DISPLAY', linux({ DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0', XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' }), 'copy-only', 'copy-only'],
    ['GNOME Wayland with the portal', linux({ WAYLAND_DISPLAY: 'wayland-0', XDG_CURRENT_DESKTOP: 'GNOME' }, { remoteDesktopPortal: true }), 'portal-remote-desktop', 'copy-only'],
    ['sway with wtype', linux({ WAYLAND_DISPLAY: 'wayland-1', XDG_CURRENT_DESKTOP: 'sway' }, { wtypeInstalled: true }), 'wtype', 'copy-only'],
    ['Hyprland without wtype', linux({ WAYLAND_DISPLAY: 'wayland-1', HYPRLAND_INSTANCE_SIGNATURE: 'x' }), 'copy-only', 'copy-only'],
    ['KDE Wayland, wtype installed (fails on KWin), no portal', linux({ WAYLAND_DISPLAY: 'wayland-0', XDG_CURRENT_DESKTOP: 'KDE' }, { wtypeInstalled: true }), 'copy-only', 'copy-only'],
    ['no graphical session', linux({}), 'copy-only', 'copy-only'],
    ['macOS with Accessibility', { platform: 'darwin', env: {}, accessibilityTrusted: true }, 'macos-cgevent', 'copy-only'],
    ['macOS without Accessibility', { platform: 'darwin', env: {} }, 'copy-only', 'copy-only'],
    ['Windows', { platform: 'win32', env: {} }, 'windows-sendinput', 'copy-only'],
    ['FreeBSD', { platform: 'freebsd', env: { DISPLAY: ':0' } }, 'copy-only', 'copy-only'],
  ];

  it.each(rows)('%s', (_name, facts, ideal, method) => {
    const plan = planInsertion(facts);
    expect(plan.ideal).toBe(ideal);
    expect(plan.method).toBe(method);
    expect(plan.reason.length).toBeGreaterThan(10);
    if (method === 'copy-only') expect(plan.reason).toMatch(/cop(y|ied)/i);
  });

  it('uses an ideal path once a build implements it, and only then', () => {
    const mac: PlatformFacts = { platform: 'darwin', env: {}, accessibilityTrusted: true };
    expect(planInsertion(mac, new Set(['macos-cgevent'])).method).toBe('macos-cgevent');
    expect(idealMethod(mac).method).toBe('macos-cgevent');
  });

  it('tells GNOME users why the text was only copied', () => {
    expect(planInsertion(linux({ WAYLAND_DISPLAY: 'w', XDG_CURRENT_DESKTOP: 'GNOME' })).reason).toMatch(/GNOME.*Ctrl\+V/);
  });
});

describe('CopyOnlyInserter', () => {
  it('copies, verifies by reading back and reports copied with the platform reason', async () => {
    let clip = '';
    const ins = new CopyOnlyInserter({ writeText: (t) => void (clip = t), readText: () => clip }, 'Windows: not in this build');
    expect(await ins.captureTarget()).toBeUndefined();
    expect(await ins.insert('hi', undefined, { mode: 'insert' })).toEqual({ kind: 'copied', reason: 'Windows: not in this build' });
    expect(clip).toBe('hi');
  });

  it('never reports success it did not observe', async () => {
    const ins = new CopyOnlyInserter({ writeText: () => undefined, readText: () => 'something else' }, 'r');
    expect((await ins.insert('hi', undefined, { mode: 'insert' })).kind).toBe('failed');
    const throwing = new CopyOnlyInserter({ writeText: () => { throw new Error('denied'); } }, 'r');
    expect(await throwing.insert('hi', undefined, { mode: 'insert' })).toMatchObject({ kind: 'failed', reason: expect.stringContaining('denied') });
  });
});
