import { describe, expect, it, vi } from 'vitest';
import { parseAccelerator, matchesChord } from '../../../../src/main/services/hotkey/accelerator';
import { HotkeyService, type ShortcutPort } from '../../../../src/main/services/hotkey/hotkey-service';
import type { KeyListener, NativeKeyHook } from '../../../../src/main/services/hotkey/native-key-hook';
import { nativeHookSupport } from '../../../../src/main/services/hotkey/platform-support';

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

function service(
  opts: { env?: Record<string, string>; platform?: NodeJS.Platform; hookFail?: Error; taken?: string[]; trusted?: boolean; holdThresholdMs?: number } = {},
) {
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
    ...(opts.holdThresholdMs !== undefined ? { holdThresholdMs: opts.holdThresholdMs } : {}),
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
  it('hold on X11 uses the native hook: hold talks, modifiers matter, repeats are ignored', () => {
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

  it('auto on X11 uses the native hook: a tap toggles, a hold talks until release', () => {
    vi.useFakeTimers();
    try {
      const { svc, key, log, hook, shortcuts } = service({ holdThresholdMs: 250 });
      svc.configure('Ctrl+Shift+Space', 'auto');
      expect(svc.status()).toEqual({ accelerator: 'Ctrl+Shift+Space', behaviour: 'auto', registered: true, holdSupported: true });
      expect(hook.started).toBe(1);
      expect(shortcuts.registered.size).toBe(0);
      const chord = { ctrl: true, shift: true };

      // Tap: talking starts on the press and stays on after a quick release…
      key('down', SPACE, chord);
      vi.advanceTimersByTime(80);
      key('up', SPACE, chord);
      expect(log).toEqual(['press']);
      vi.advanceTimersByTime(2000);
      expect(log).toEqual(['press']);
      // …until the next press, whose own release then does nothing.
      key('down', SPACE, chord);
      expect(log).toEqual(['press', 'release:toggle']);
      vi.advanceTimersByTime(600);
      key('up', SPACE, chord);
      expect(log).toEqual(['press', 'release:toggle']);

      // Hold: talks while held (repeats ignored), stops on release.
      key('down', SPACE, chord);
      vi.advanceTimersByTime(200);
      key('down', SPACE, chord);
      vi.advanceTimersByTime(400);
      expect(log).toEqual(['press', 'release:toggle', 'press']);
      key('up', SPACE, chord);
      expect(log).toEqual(['press', 'release:toggle', 'press', 'release:release']);
    } finally {
      vi.useRealTimers();
    }
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
    // The app enables the portal itself (src/main/index.ts): the user is not told to add a switch.
    expect(st.problem).not.toMatch(/enable-features|start the app with/);
    expect(st.problem).toMatch(/X11/);
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

  it('quick ask: registered beside the talk key, failures reported in the status like the talk key', () => {
    const { svc, shortcuts } = service({ env: {}, taken: ['Ctrl+Shift+K'] });
    const seen = vi.fn();
    svc.onStatus(seen);
    svc.configure('Ctrl+Shift+Space', 'toggle');
    const open = vi.fn();
    svc.configureQuickAsk('Ctrl+Shift+K', open);
    expect(svc.status()).toMatchObject({ registered: true, problem: expect.stringMatching(/quick ask hotkey Ctrl\+Shift\+K could not be registered/) });
    expect(seen).toHaveBeenLastCalledWith(expect.objectContaining({ problem: expect.stringMatching(/quick ask/) }));

    // A talk-key problem and a quick-ask problem are both shown.
    svc.configure('Ctrl+Nope', 'toggle');
    expect(svc.status().problem).toMatch(/Nope.*quick ask/s);

    // Choosing a free key fixes it; reconfiguring the talk key leaves the quick-ask key alone.
    svc.configure('Ctrl+Shift+Space', 'toggle');
    svc.configureQuickAsk('Ctrl+Alt+Q', open);
    expect(svc.status().problem).toBeUndefined();
    svc.configure('Ctrl+Alt+T', 'toggle');
    expect([...shortcuts.registered.keys()].sort()).toEqual(['Ctrl+Alt+Q', 'Ctrl+Alt+T']);
    shortcuts.registered.get('Ctrl+Alt+Q')!();
    expect(open).toHaveBeenCalledOnce();

    // Changing it unregisters the old key; clearing it is not a problem; dispose frees everything.
    svc.configureQuickAsk('Ctrl+Alt+W', open);
    expect([...shortcuts.registered.keys()].sort()).toEqual(['Ctrl+Alt+T', 'Ctrl+Alt+W']);
    svc.configureQuickAsk('', open);
    expect([...shortcuts.registered.keys()]).toEqual(['Ctrl+Alt+T']);
    expect(svc.status().problem).toBeUndefined();
    svc.configureQuickAsk('Ctrl+Alt+W', open);
    svc.dispose();
    expect(shortcuts.registered.size).toBe(0);
  });

  it('quick ask: an accelerator Electron rejects is reported with its reason, not thrown', () => {
    const shortcuts: ShortcutPort = {
      register: () => {
        throw new Error('conversion failure');
      },
      unregister: () => {},
    };
    const svc = new HotkeyService({ platform: 'linux', env: {}, shortcuts, onPress() {}, onRelease() {}, logger });
    svc.configureQuickAsk('Ctrl+Bad', () => {});
    expect(svc.status().problem).toMatch(/Ctrl\+Bad could not be registered: conversion failure/);
  });
});
