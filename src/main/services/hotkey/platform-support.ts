/**
 * Can a native key hook (hold-to-talk) work here, and if not, why — in words for the settings
 * screen (PttState.hotkey.problem). Electron-free: the macOS Accessibility check is passed in.
 */
export interface HookEnvironment {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  /** macOS: systemPreferences.isTrustedAccessibilityClient(false). */
  accessibilityTrusted?: () => boolean;
}

export function isWayland(env: Record<string, string | undefined>): boolean {
  return env.XDG_SESSION_TYPE?.toLowerCase() === 'wayland' || Boolean(env.WAYLAND_DISPLAY);
}

export type HookSupport = { ok: true } | { ok: false; problem: string };

export function nativeHookSupport(h: HookEnvironment): HookSupport {
  if (h.platform === 'linux') {
    if (isWayland(h.env)) {
      return {
        ok: false,
        problem:
          'Wayland does not let apps see key releases, so hold-to-talk is unavailable; the hotkey toggles talking instead. ' +
          'On KDE, Hyprland or GNOME ≤ 49 start the app with --enable-features=GlobalShortcutsPortal, or use an X11 session for hold-to-talk.',
      };
    }
    if (!h.env.DISPLAY) return { ok: false, problem: 'No X display (DISPLAY is unset), so the global key hook cannot start.' };
  }
  if (h.platform === 'darwin' && h.accessibilityTrusted && !h.accessibilityTrusted()) {
    return {
      ok: false,
      problem: 'Hold-to-talk needs Accessibility permission: System Settings → Privacy & Security → Accessibility → enable Inworld Desk. Until then the hotkey toggles.',
    };
  }
  return { ok: true };
}
