/**
 * macOS: hold-to-talk needs the Accessibility permission (the native key hook sees key-up only with
 * it). At start, when the talk key is meant to be held and the app is not trusted yet, explain why,
 * ask macOS to show its prompt once (isTrustedAccessibilityClient(true)), and keep checking: until
 * it is granted the hotkey toggles (platform-support.ts); once granted the hotkey is re-armed for
 * holding, without a restart. Electron-free: the check is passed in.
 */
import type { Disposable } from '../../../shared/disposable';

export interface AccessibilityWatchDeps {
  /** systemPreferences.isTrustedAccessibilityClient(prompt). */
  isTrusted(prompt: boolean): boolean;
  /** Whether the user's talk behaviour wants holding ('auto' or 'hold'). */
  wantsHold(): boolean;
  /** Shown before the system prompt, so it does not come out of nowhere. */
  explain(message: string): void;
  /** Permission arrived: re-arm the hotkey (hold becomes available). */
  onGranted(): void;
  pollMs?: number;
  /** Stop checking after this long (the user may never grant it). */
  giveUpMs?: number;
}

export const ACCESSIBILITY_EXPLANATION =
  'Hold-to-talk needs the Accessibility permission so Inworld Desk can see when you let go of the talk key. ' +
  'macOS will ask now; until it is granted, the talk key toggles talking on and off.';

export function watchAccessibility(d: AccessibilityWatchDeps): Disposable {
  if (!d.wantsHold() || d.isTrusted(false)) return { dispose: () => {} };
  d.explain(ACCESSIBILITY_EXPLANATION);
  d.isTrusted(true);
  const started = Date.now();
  const timer = setInterval(() => {
    if (d.isTrusted(false)) {
      clearInterval(timer);
      d.onGranted();
    } else if (Date.now() - started > (d.giveUpMs ?? 10 * 60_000)) {
      clearInterval(timer);
    }
  }, d.pollMs ?? 2000);
  timer.unref?.();
  return { dispose: () => clearInterval(timer) };
}
