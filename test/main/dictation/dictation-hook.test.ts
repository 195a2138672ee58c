import { describe, expect, it } from 'vitest';
import { DictationHook } from '../../../src/main/dictation/dictation-hook';
import type { DictateAction } from '../../../src/main/dictation/dictate-action';

describe('DictationHook (where --dictate reaches the dictation service)', () => {
  it('says no one is listening until a handler registers, then delivers every action to it', () => {
    const hook = new DictationHook();
    expect(hook.request('toggle')).toBe(false);
    const got: DictateAction[] = [];
    const reg = hook.on((a) => got.push(a));
    expect(hook.request('start')).toBe(true);
    expect(hook.request('cancel')).toBe(true);
    expect(got).toEqual(['start', 'cancel']);
    reg.dispose();
    expect(hook.request('stop')).toBe(false);
  });

  it('disposing a replaced handler does not unregister its successor', () => {
    const hook = new DictationHook();
    const first = hook.on(() => {});
    const got: DictateAction[] = [];
    hook.on((a) => got.push(a));
    first.dispose();
    expect(hook.request('toggle')).toBe(true);
    expect(got).toEqual(['toggle']);
  });
});
