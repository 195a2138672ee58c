/**
 * The quick-ask key (services/hotkey/quick-ask-hotkey.ts) and what its press and release mean
 * (quick/quick-ask-hold.ts): on the native hook a tap opens the launcher and a hold speaks the
 * question; without the hook it is a plain shortcut, and a failure is said, not thrown.
 */
import { describe, expect, it, vi } from 'vitest';
import { QuickAskHotkey } from '../../../../src/main/services/hotkey/quick-ask-hotkey';
import { QuickAskHold } from '../../../../src/main/quick/quick-ask-hold';
import type { KeyListener, NativeKeyHook } from '../../../../src/main/services/hotkey/native-key-hook';

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const SPACE = 57;

function rig(env: Record<string, string> = { DISPLAY: ':99' }) {
  let listener: KeyListener | undefined;
  let stopped = 0;
  const hook: NativeKeyHook = { start: (l) => void (listener = l), stop: () => void ((listener = undefined), stopped++) };
  const registered = new Map<string, () => void>();
  let t = 1000;
  const key = new QuickAskHotkey({
    platform: 'linux',
    env,
    nativeHook: () => hook,
    shortcuts: { register: (a, cb) => (registered.set(a, cb), true), unregister: (a) => void registered.delete(a) },
    logger,
    now: () => t,
  });
  const send = (type: 'down' | 'up', ctrl = true, alt = true) => listener?.(type, { keycode: SPACE, ctrlKey: ctrl, altKey: alt, shiftKey: false, metaKey: false });
  return { key, send, registered, advance: (ms: number) => (t += ms), hooked: () => listener !== undefined, stopped: () => stopped };
}

describe('the quick-ask key', () => {
  it('on the native hook: one press per hold (repeats ignored) and the held time on release', () => {
    const r = rig();
    const events: string[] = [];
    r.key.configure('Ctrl+Alt+Space', { press: () => events.push('press'), release: (ms) => events.push(`release ${ms}`) });
    expect(r.key.holdSupported).toBe(true);
    expect(r.registered.size).toBe(0);
    r.send('down');
    r.advance(200);
    r.send('down'); // auto-repeat
    r.advance(300);
    r.send('up', false, true); // Ctrl let go first: the main key's release still ends the hold
    expect(events).toEqual(['press', 'release 500']);
    r.send('down', false, false); // Space alone is not the chord
    expect(events).toHaveLength(2);
    r.key.configure('', { press: () => {} });
    expect(r.hooked()).toBe(false);
  });

  it('without the hook (Wayland) or without a release handler: a shortcut that only opens', () => {
    const wayland = rig({ WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' });
    const open = vi.fn();
    wayland.key.configure('Ctrl+Alt+Space', { press: open, release: () => {} });
    expect(wayland.key.holdSupported).toBe(false);
    wayland.registered.get('Ctrl+Alt+Space')!();
    expect(open).toHaveBeenCalledOnce();
    const plain = rig();
    plain.key.configure('Ctrl+Alt+Space', { press: open });
    expect(plain.key.holdSupported).toBe(false);
    expect(plain.registered.has('Ctrl+Alt+Space')).toBe(true);
  });

  it('a bad accelerator on the hook path is a problem in words', () => {
    const r = rig();
    r.key.configure('Ctrl+Nope', { press: () => {}, release: () => {} });
    expect(r.key.problem).toMatch(/Ctrl\+Nope could not be registered/);
    expect(r.hooked()).toBe(false);
  });
});

describe('hold to speak, tap to type', () => {
  function hold() {
    const calls: string[] = [];
    let finishOpen: () => void = () => {};
    const h = new QuickAskHold({
      open: () => new Promise<void>((r) => ((finishOpen = r), calls.push('open'))),
      voice: async (a) => void calls.push(`voice ${a}`),
      abortVoice: () => calls.push('abort'),
      logger,
    });
    return { h, calls, finishOpen: () => finishOpen() };
  }

  it('held: capture starts on key-down (after the launcher opens) and the question is committed on release', async () => {
    const { h, calls, finishOpen } = hold();
    h.down();
    h.down(); // repeat
    const up = h.up(800); // released before the launcher finished opening: waits for it
    finishOpen();
    await up;
    expect(calls).toEqual(['open', 'voice start', 'voice stop']);
  });

  it('tapped: the launcher stays open for typing and the audio is dropped', async () => {
    const { h, calls, finishOpen } = hold();
    h.down();
    finishOpen();
    await h.up(120);
    expect(calls).toEqual(['open', 'voice start', 'abort']);
  });

  it('a voice start that fails (not connected) is logged; the release does nothing more', async () => {
    const warn = vi.fn();
    const h = new QuickAskHold({ open: async () => {}, voice: async (a) => { if (a === 'start') throw new Error('not connected'); }, abortVoice: vi.fn(), logger: { warn } });
    h.down();
    await h.up(900);
    expect(warn).toHaveBeenCalledWith('quick ask: voice question not started', { error: 'Error: not connected' });
  });
});
