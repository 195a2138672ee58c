import { describe, expect, it } from 'vitest';
import { chromiumFeatures } from '../../../src/main/electron/chromium-features';

describe('chromiumFeatures', () => {
  it('always makes the whole app output the echo reference, adding the portal on Wayland only', () => {
    expect(chromiumFeatures('linux', { XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' })).toEqual(['ChromeWideEchoCancellation']);
    expect(chromiumFeatures('darwin', {})).toEqual(['ChromeWideEchoCancellation']);
    expect(chromiumFeatures('linux', { XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-0' })).toEqual(['ChromeWideEchoCancellation', 'GlobalShortcutsPortal']);
  });
});
