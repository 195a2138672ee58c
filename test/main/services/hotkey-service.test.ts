import { describe, expect, it, vi } from 'vitest';
import { parseAccelerator, matchesChord } from '../../../src/main/services/hotkey/accelerator';
import { HotkeyService, type ShortcutPort } from '../../../src/main/services/hotkey/hotkey-service';
import type { KeyListener, NativeKeyHook } from '../../../src/main/services/hotkey/native-key-hook';
import { nativeHookSupport } from '../../../src/main/services/hotkey/platform-support';

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const SPACE = 57;
const K = 37;

function fakeHook(fail?: Error) {
  let listener: KeyListener | undefined;
  const hook: NativeKeyHook & { started: number; stopped: number } = {
    started: 0,
    stopped: 0,
    start(l) {
      if (fail) throw fail;
      listener = l;
      hook.started++;
    },
    stop() {
      listener = undefined;
      hook.stopped++;
    },
  };
  const key = (type: 'down' | 'up', keycode: number, mods: Partial<{ ctrl: boolean; shift: boolean; alt: boolean; meta: boolean }> = {}) =>
    listener?.(type, { keycode, ctrlKey: !!mods.ctrl, shiftKey: !!mods.shift, altKey: !!mods.alt, metaKey: !!mods.meta });
  return { hook, key };
}

function fakeShortcuts(taken: string[] = []) {
  const registered = new Map<string, () => void>();
  const port: ShortcutPort = {
    register: (acc, cb) => {
      if (taken.includes(acc) || registered.has(acc)) return false;
      registered.set(acc, cb);
      return true;
    },
    unregister: (acc) => void registered.delete(acc),
  };
  return { port, registered };
}

function service(opts: { env?: Record<string, string>; platform?: NodeJS.Platform; hookFail?: Error; taken?: string[]; trusted?: boolean } = {}) {
  const { hook, key } = fakeHook(opts.hookFail);
  const shortcuts = fakeShortcuts(opts.taken);
  const log: string[] = [];
  const svc = new HotkeyService({
    platform: opts.platform ?? 'linux',
    env: opts.env ?? { DISPLAY: ':99' },
    ...(opts.trusted !== undefined ? { accessibilityTrusted: () => opts.trusted! } : {}),
    nativeHook: () => hook,
    shortcuts: shortcuts.port,
    onPress: () => log.push('press'),
    onRelease: (r) => log.push(`release:${r}`),
    logger,
  });
  return { svc, hook, key, shortcuts, log };
}

describe('accelerators', () => {
  it('maps CommandOrControl per platform and keeps the exact modifier set', () => {
    const linux = parseAccelerator('CommandOrControl+Shift+Space', 'linux');
    expect(linux).toEqual({ ok: true, chord: { keycode: SPACE, key: 'Space', ctrl: true, shift: true, alt: false, meta: false } });
    const mac = parseAccelerator('CmdOrCtrl+Shift+Space', 'darwin');
    expect(mac.ok && mac.chord.meta && !mac.chord.ctrl).toBe(true);
    expect(parseAccelerator('Alt+F12', 'linux')).toMatchObject({ ok: true, chord: { keycode: 88, alt: true } });
    expect(parseAccelerator('Ctrl++', 'linux')).toMatchObject({ ok: true, chord: { keycode: 13, ctrl: true } });
  });

  it('rejects modifier-only, unknown and two-key accelerators with a reason', () => {
    expect(parseAccelerator('Ctrl+Shift', 'linux')).toMatchObject({ ok: false, error: expect.stringMatching(/no main key/) });
    expect(parseAccelerator('Ctrl+Banana', 'linux')).toMatchObject({ ok: false, error: expect.stringMatching(/Banana/) });
    expect(parseAccelerator('A+B', 'linux')).toMatchObject({ ok: false, error: expect.stringMatching(/two main keys/) });
  });

  it('matches only with exactly the chord modifiers', () => {
    const r = parseAccelerator('Ctrl+Shift+Space', 'linux');
    if (!r.ok) throw new Error(r.error);
    const ev = { keycode: SPACE, ctrlKey: true, shiftKey: true, altKey: false, metaKey: false };
    expect(matchesChord(r.chord, ev)).toBe(true);
    expect(matchesChord(r.chord, { ...ev, altKey: true })).toBe(false);
    expect(matchesChord(r.chord, { ...ev, shiftKey: false })).toBe(false);
  });
});

describe('HotkeyService', () => {
  it('auto on X11 uses the native hook: hold talks, modifiers matter, repeats are ignored', () => {
    const { svc, key, log } = service();
    svc.configure('Ctrl+Shift+Space', 'hold');
    expect(svc.status()).toEqual({ accelerator: 'Ctrl+Shift+Space', behaviour: 'hold', registered: true, holdSupported: true });
    key('down', SPACE, { ctrl: true }); // missing Shift: another shortcut
    expect(log).toEqual([]);
    key('down', SPACE, { ctrl: true, shift: true });
    key('down', SPACE, { ctrl: true, shift: true });
    key('down', K, { ctrl: true, shift: true }); // another key meanwhile does not end the hold
    key('up', 42, { ctrl: true }); // Shift released first
    expect(log).toEqual(['press']);
    key('up', SPACE, { ctrl: true });
    expect(log).toEqual(['press', 'release:release']);
  });

  it('reset() (sleep/lock) releases a held key with reason reset', () => {
    const { svc, key, log } = service();
    svc.configure('Ctrl+Shift+Space', 'hold');
    key('down', SPACE, { ctrl: true, shift: true });
    svc.reset();
    expect(log).toEqual(['press', 'release:reset']);
    key('up', SPACE, { ctrl: true, shift: true });
    expect(log).toEqual(['press', 'release:reset']);
  });

  it('on Wayland falls back to a globalShortcut toggle and explains why', () => {
    const { svc, shortcuts, log, hook } = service({ env: { WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' } });
    svc.configure('Ctrl+Shift+Space', 'auto');
    const st = svc.status();
    expect(st).toMatchObject({ registered: true, holdSupported: false });
    expect(st.problem).toMatch(/Wayland/);
    expect(hook.started).toBe(0);
    shortcuts.registered.get('Ctrl+Shift+Space')!();
    shortcuts.registered.get('Ctrl+Shift+Space')!();
    expect(log).toEqual(['press', 'release:toggle']);
  });

  it('reports a conflict when the shortcut is taken', () => {
    const { svc } = service({ env: {}, taken: ['Ctrl+Shift+Space'] });
    svc.configure('Ctrl+Shift+Space', 'toggle');
    expect(svc.status()).toMatchObject({ registered: false, holdSupported: false, problem: expect.stringMatching(/another app/) });
  });

  it('falls back to toggle when the native hook fails to start', () => {
    const { svc } = service({ hookFail: new Error('XRecord missing') });
    svc.configure('Ctrl+Shift+Space', 'hold');
    expect(svc.status()).toMatchObject({ registered: true, holdSupported: false, problem: expect.stringMatching(/XRecord missing/) });
  });

  it('on macOS without Accessibility trust does not start the hook', () => {
    const { svc, hook } = service({ platform: 'darwin', env: {}, trusted: false });
    svc.configure('CommandOrControl+Shift+Space', 'auto');
    expect(hook.started).toBe(0);
    expect(svc.status().problem).toMatch(/Accessibility/);
  });

  it('reconfiguring removes the old binding (no sticky old key) and emits status', () => {
    const { svc, shortcuts, hook } = service({ env: {} });
    const seen = vi.fn();
    svc.onStatus(seen);
    svc.configure('Ctrl+Alt+T', 'toggle');
    expect([...shortcuts.registered.keys()]).toEqual(['Ctrl+Alt+T']);
    svc.configure('Ctrl+Alt+Y', 'toggle');
    expect([...shortcuts.registered.keys()]).toEqual(['Ctrl+Alt+Y']);
    expect(seen).toHaveBeenCalledTimes(2);
    expect(hook.stopped).toBe(0);
  });

  it('an invalid accelerator is reported, not thrown', () => {
    const { svc } = service();
    svc.configure('Ctrl+Nope', 'auto');
    expect(svc.status()).toMatchObject({ registered: false, problem: expect.stringMatching(/Nope/) });
  });

  it('platform support explains a missing X display', () => {
    expect(nativeHookSupport({ platform: 'linux', env: {} })).toMatchObject({ ok: false, problem: expect.stringMatching(/DISPLAY/) });
    expect(nativeHookSupport({ platform: 'linux', env: { XDG_SESSION_TYPE: 'wayland', DISPLAY: ':0' } })).toMatchObject({ ok: false });
    expect(nativeHookSupport({ platform: 'win32', env: {} })).toEqual({ ok: true });
  });
});
