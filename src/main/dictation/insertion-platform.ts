/**
 * The decision table: how text can land in another app on this desktop, and what we actually do.
 * `ideal` is the path the best dictation apps use there; `method` is what this build uses: the ideal
 * when it is implemented and its preconditions hold, else copy-only with a reason the user can read.
 * Never a path whose success we cannot observe. Pure; the probes are done by the caller.
 */

export type InsertionMethod =
  /** X11: own CLIPBOARD, XTest paste chord, read receipts (x11/x11-text-inserter.ts). */
  | 'x11-xtest'
  /** wlroots compositors: wtype over the virtual-keyboard protocol. */
  | 'wtype'
  /** xdg-desktop-portal RemoteDesktop: keyboard events after the user allows it. */
  | 'portal-remote-desktop'
  /** macOS: CGEvent Cmd+V, only with the Accessibility permission. */
  | 'macos-cgevent'
  /** Windows: SendInput Ctrl+V after the hotkey's modifiers are released. */
  | 'windows-sendinput'
  | 'copy-only';

export interface PlatformFacts {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Probes the caller made (each optional: unknown counts as "no"). */
  readonly wtypeInstalled?: boolean;
  readonly remoteDesktopPortal?: boolean;
  readonly accessibilityTrusted?: boolean;
}

export interface InsertionPlan {
  readonly method: InsertionMethod;
  readonly ideal: InsertionMethod;
  /** Why this method; for copy-only, what the user sees in the notice and in Settings. */
  readonly reason: string;
}

/** Methods this build really implements and tests end to end. */
export const IMPLEMENTED_METHODS: ReadonlySet<InsertionMethod> = new Set(['x11-xtest']);

export type LinuxSession = 'x11' | 'wayland' | 'none';

/** Wayland wins when both are set: XTest under XWayland only reaches X clients, not the focused app. */
export function linuxSession(env: PlatformFacts['env']): LinuxSession {
  const type = (env.XDG_SESSION_TYPE ?? '').toLowerCase();
  if (env.WAYLAND_DISPLAY || type === 'wayland') return 'wayland';
  if (env.DISPLAY || type === 'x11') return env.DISPLAY ? 'x11' : 'none';
  return 'none';
}

export type WaylandDesktop = 'gnome' | 'kde' | 'wlroots' | 'other';

const WLROOTS = ['sway', 'hyprland', 'river', 'wayfire', 'labwc', 'niri', 'dwl', 'qtile', 'cosmic'];

export function waylandDesktop(env: PlatformFacts['env']): WaylandDesktop {
  const desk = `${env.XDG_CURRENT_DESKTOP ?? ''}:${env.XDG_SESSION_DESKTOP ?? ''}:${env.DESKTOP_SESSION ?? ''}`.toLowerCase();
  if (desk.includes('gnome') || desk.includes('unity') || desk.includes('budgie')) return 'gnome';
  if (desk.includes('kde') || desk.includes('plasma')) return 'kde';
  if (env.SWAYSOCK || env.HYPRLAND_INSTANCE_SIGNATURE || WLROOTS.some((w) => desk.includes(w))) return 'wlroots';
  return 'other';
}

/** The path the platform offers, before asking whether this build implements it. */
export function idealMethod(f: PlatformFacts): { method: InsertionMethod; reason: string } {
  switch (f.platform) {
    case 'linux': {
      const session = linuxSession(f.env);
      if (session === 'x11') return { method: 'x11-xtest', reason: 'X11 session: clipboard + XTest paste with read receipts' };
      if (session === 'none') return { method: 'copy-only', reason: 'no graphical session found (neither DISPLAY nor WAYLAND_DISPLAY): the text is copied' };
      const desk = waylandDesktop(f.env);
      if (desk === 'wlroots' && f.wtypeInstalled) return { method: 'wtype', reason: 'wlroots Wayland compositor with wtype' };
      if (desk === 'wlroots') return { method: 'copy-only', reason: 'Wayland (wlroots): the text is copied; install wtype for automatic paste' };
      if (f.remoteDesktopPortal) return { method: 'portal-remote-desktop', reason: `Wayland (${desk}): the RemoteDesktop portal can send the paste after you allow it` };
      return {
        method: 'copy-only',
        reason: desk === 'gnome'
          ? 'GNOME on Wayland drops synthetic key chords: the text is copied, press Ctrl+V'
          : `Wayland (${desk}) has no paste path that can be verified: the text is copied, press Ctrl+V`,
      };
    }
    case 'darwin':
      return f.accessibilityTrusted
        ? { method: 'macos-cgevent', reason: 'macOS: Cmd+V through CGEvent (Accessibility granted)' }
        : { method: 'copy-only', reason: 'macOS: grant Accessibility to paste automatically; the text is copied, press Cmd+V' };
    case 'win32':
      return { method: 'windows-sendinput', reason: 'Windows: Ctrl+V through SendInput after the hotkey is released' };
    default:
      return { method: 'copy-only', reason: `no paste path for ${f.platform}: the text is copied` };
  }
}

export function planInsertion(f: PlatformFacts, implemented: ReadonlySet<InsertionMethod> = IMPLEMENTED_METHODS): InsertionPlan {
  const ideal = idealMethod(f);
  if (ideal.method === 'copy-only' || implemented.has(ideal.method)) return { method: ideal.method, ideal: ideal.method, reason: ideal.reason };
  return {
    method: 'copy-only',
    ideal: ideal.method,
    reason: `${ideal.reason} — not available in this build yet, so the text is copied (paste it yourself)`,
  };
}
