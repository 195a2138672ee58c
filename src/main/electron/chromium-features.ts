import { isWayland } from '../services/hotkey/platform-support';

/**
 * Chromium features the app turns on (one `--enable-features` list: a second switch would replace
 * the first). Pure, so the choice is tested without Electron.
 *
 * - ChromeWideEchoCancellation: the echo canceller's reference is everything the app plays,
 *   including the Web Audio player worklet. Measured on a real speaker→mic loop: 68 dB of echo
 *   suppression with it, 0.3 dB with it disabled (docs/ARCHITECTURE.md, "Echo and barge-in").
 *   Recent Chromium enables it by default on Linux; naming it keeps that true on any build.
 * - GlobalShortcutsPortal (Wayland): globalShortcut works only through that portal.
 */
export function chromiumFeatures(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  const features = ['ChromeWideEchoCancellation'];
  if (platform === 'linux' && isWayland(env)) features.push('GlobalShortcutsPortal');
  return features;
}
