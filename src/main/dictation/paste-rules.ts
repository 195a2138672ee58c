/**
 * Which paste chord (and whether to press Enter afterwards) a window gets, by its window class.
 * Ctrl+V by default; Ctrl+Shift+V for terminals, where Ctrl+V is a control character or, in some
 * TUI apps (Claude Code), an image paste. Users override per class. Pure; no platform code.
 */
import { z } from 'zod';

/** Chords the inserters know how to send. */
export const pasteChordSchema = z.enum(['ctrl+v', 'ctrl+shift+v', 'shift+insert']);
export type PasteChord = z.infer<typeof pasteChordSchema>;

/** One per-class rule as stored in settings (keys: window class, any case). */
export const pasteRuleSchema = z.object({
  chord: pasteChordSchema.optional(),
  /** Press Enter after the paste (e.g. chat boxes); off unless set. */
  autoEnter: z.boolean().optional(),
});
export type PasteRule = z.infer<typeof pasteRuleSchema>;
export const pasteRulesSchema = z.record(z.string(), pasteRuleSchema);
export type PasteRules = z.infer<typeof pasteRulesSchema>;

/**
 * WM_CLASS class names (lowercased) of common terminal emulators, plus app ids used on Wayland and
 * macOS/Windows process names where they are the class we get.
 */
export const TERMINAL_CLASSES: ReadonlySet<string> = new Set([
  'xterm', 'uxterm', 'urxvt', 'rxvt', 'st', 'st-256color', 'gnome-terminal', 'gnome-terminal-server',
  'org.gnome.terminal', 'kgx', 'org.gnome.console', 'ptyxis', 'org.gnome.ptyxis', 'konsole', 'org.kde.konsole',
  'yakuake', 'xfce4-terminal', 'terminator', 'tilix', 'com.gexperts.tilix', 'alacritty', 'kitty', 'foot',
  'footclient', 'wezterm', 'org.wezfurlong.wezterm', 'ghostty', 'com.mitchellh.ghostty', 'lxterminal',
  'mate-terminal', 'qterminal', 'terminology', 'sakura', 'guake', 'tilda', 'cool-retro-term', 'hyper',
  'tabby', 'warp', 'dev.warp.warp', 'blackbox', 'com.raggesilver.blackbox', 'io.elementary.terminal',
  'deepin-terminal', 'contour', 'rio', 'extraterm', 'termite', 'zutty', 'eterm', 'aterm', 'mlterm', 'cosmic-term',
  'com.system76.cosmicterm', 'wave', 'windowsterminal', 'windowsterminal.exe', 'cmd.exe', 'conhost.exe',
]);

export function isTerminalClass(windowClass: string): boolean {
  const c = windowClass.trim().toLowerCase();
  return TERMINAL_CLASSES.has(c) || c.includes('terminal');
}

export interface PasteDecision {
  readonly chord: PasteChord;
  readonly autoEnter: boolean;
  /** Why this chord: a user rule, the terminal list, or the default. */
  readonly source: 'user' | 'terminal' | 'default';
}

/** The chord and auto-Enter for `windowClass`; a user rule wins over the built-in terminal list. */
export function pasteDecision(windowClass: string, rules: PasteRules = {}): PasteDecision {
  const key = windowClass.trim().toLowerCase();
  const rule = Object.entries(rules).find(([k]) => k.trim().toLowerCase() === key)?.[1];
  const builtin: PasteChord = isTerminalClass(key) ? 'ctrl+shift+v' : 'ctrl+v';
  return {
    chord: rule?.chord ?? builtin,
    autoEnter: rule?.autoEnter ?? false,
    source: rule?.chord ? 'user' : builtin === 'ctrl+shift+v' ? 'terminal' : 'default',
  };
}
