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
          // The app turns on Chromium's GlobalShortcutsPortal itself on Wayland (src/main/index.ts),
          // so there is no switch for the user to add; the desktop may ask them to approve the key.
          'Wayland does not let apps see key releases, so hold-to-talk is unavailable; the hotkey toggles talking instead ' +
          "(through the desktop's global shortcuts portal: KDE, Hyprland or GNOME ≤ 49, which may ask you to approve it). " +
          'For hold-to-talk, use an X11 session.',
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
