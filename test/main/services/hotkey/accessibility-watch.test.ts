import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACCESSIBILITY_EXPLANATION, watchAccessibility } from '../../../../src/main/services/hotkey/accessibility-watch';

afterEach(() => vi.useRealTimers());

function deps(trusted: { value: boolean }, wantsHold = true) {
  return {
    isTrusted: vi.fn((_prompt: boolean) => trusted.value),
    wantsHold: () => wantsHold,
    explain: vi.fn(),
    onGranted: vi.fn(),
    pollMs: 1000,
    giveUpMs: 10_000,
  };
}

describe('macOS Accessibility for hold-to-talk', () => {
  it('explains, asks macOS once, and re-arms the hotkey when the permission arrives', () => {
    vi.useFakeTimers();
    const trusted = { value: false };
    const d = deps(trusted);
    const w = watchAccessibility(d);
    expect(d.explain).toHaveBeenCalledWith(ACCESSIBILITY_EXPLANATION);
    expect(d.isTrusted.mock.calls.filter(([p]) => p)).toHaveLength(1); // one system prompt, not one per poll
    vi.advanceTimersByTime(3000);
    expect(d.onGranted).not.toHaveBeenCalled();
    trusted.value = true;
    vi.advanceTimersByTime(1000);
    expect(d.onGranted).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5000);
    expect(d.onGranted).toHaveBeenCalledTimes(1);
    expect(d.isTrusted.mock.calls.filter(([p]) => p)).toHaveLength(1);
    w.dispose();
  });

  it('does nothing when already trusted, or when the talk key is set to toggle', () => {
    const a = deps({ value: true });
    watchAccessibility(a);
    const b = deps({ value: false }, false);
    watchAccessibility(b);
    for (const d of [a, b]) {
      expect(d.explain).not.toHaveBeenCalled();
      expect(d.isTrusted.mock.calls.some(([p]) => p)).toBe(false);
    }
  });

  it('stops checking after a while when it is never granted', () => {
    vi.useFakeTimers();
    const d = deps({ value: false });
    watchAccessibility(d);
    vi.advanceTimersByTime(12_000);
    const calls = d.isTrusted.mock.calls.length;
    vi.advanceTimersByTime(10_000);
    expect(d.isTrusted.mock.calls.length).toBe(calls);
    expect(d.onGranted).not.toHaveBeenCalled();
  });
});
