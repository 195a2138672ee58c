import { describe, expect, it } from 'vitest';
import { DictationKeys, ESCAPE_KEYCODE } from '../../../src/main/dictation/dictation-keys';
import type { KeyListener } from '../../../src/main/services/hotkey/native-key-hook';

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const key = (keycode: number) => ({ keycode, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false });

function shortcuts() {
  const map = new Map<string, () => void>();
  return { map, register: (a: string, f: () => void) => (map.has(a) ? false : (map.set(a, f), true)), unregister: (a: string) => void map.delete(a) };
}

describe('dictation keys', () => {
  it('with the native hook, Esc cancels only while a dictation is busy (the key may still be held)', () => {
    let emit: KeyListener = () => {};
    let busy = true;
    let cancelled = 0;
    const keys = new DictationKeys({
      platform: 'linux', env: { DISPLAY: ':9' }, shortcuts: shortcuts(), logger,
      hook: () => ({ start: (l) => (emit = l), stop() {} }),
      busy: () => busy, cancel: () => cancelled++, pasteLast() {},
    });
    emit('down', key(ESCAPE_KEYCODE));
    expect(cancelled).toBe(1);
    busy = false;
    emit('down', key(ESCAPE_KEYCODE));
    emit('down', key(30));
    expect(cancelled).toBe(1);
    expect(keys.escapeVia).toBe('native hook');
  });

  it('without a hook (Wayland), Esc is grabbed only while busy and given back after', () => {
    const sc = shortcuts();
    let busy = false;
    let cancelled = 0;
    const keys = new DictationKeys({ platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' }, shortcuts: sc, logger, busy: () => busy, cancel: () => cancelled++, pasteLast() {} });
    keys.busyChanged();
    expect(sc.map.has('Escape')).toBe(false);
    busy = true;
    keys.busyChanged();
    sc.map.get('Escape')?.();
    expect(cancelled).toBe(1);
    busy = false;
    keys.busyChanged();
    expect(sc.map.has('Escape')).toBe(false);
  });

  it('paste-last: registered, re-registered on change, reported when taken', () => {
    const sc = shortcuts();
    let pasted = 0;
    const keys = new DictationKeys({ platform: 'linux', env: {}, shortcuts: sc, logger, busy: () => false, cancel() {}, pasteLast: () => pasted++ });
    keys.configurePasteLast('Alt+L');
    sc.map.get('Alt+L')?.();
    expect(pasted).toBe(1);
    sc.map.set('Alt+P', () => {});
    keys.configurePasteLast('Alt+P');
    expect(keys.pasteLastRegistered).toBe(false);
    expect(sc.map.has('Alt+L')).toBe(false);
    keys.dispose();
  });
});
