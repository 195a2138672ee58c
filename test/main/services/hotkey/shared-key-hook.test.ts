import { describe, expect, it } from 'vitest';
import { SharedKeyHook } from '../../../../src/main/services/hotkey/shared-key-hook';
import type { KeyListener } from '../../../../src/main/services/hotkey/native-key-hook';

describe('shared native key hook', () => {
  it('fans one hook out to every user; starts with the first, stops with the last', () => {
    let emit: KeyListener | undefined;
    const calls: string[] = [];
    const shared = new SharedKeyHook(() => ({
      start: (l) => {
        calls.push('start');
        emit = l;
      },
      stop: () => calls.push('stop'),
    }));
    const a = shared.open();
    const b = shared.open();
    const seen: string[] = [];
    a.start((t, e) => seen.push(`a:${t}:${e.keycode}`));
    b.start((t, e) => seen.push(`b:${t}:${e.keycode}`));
    emit?.('down', { keycode: 57, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false });
    expect(seen).toEqual(['a:down:57', 'b:down:57']);
    a.stop();
    emit?.('up', { keycode: 57, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false });
    expect(seen.at(-1)).toBe('b:up:57');
    expect(calls).toEqual(['start']);
    b.stop();
    expect(calls).toEqual(['start', 'stop']);
  });
});
