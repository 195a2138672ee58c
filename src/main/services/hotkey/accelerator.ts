/**
 * Electron Accelerator strings ('CommandOrControl+Shift+Space') → a chord the native key hook can
 * match: one main key as a libuiohook virtual keycode plus the exact modifier set. The keycodes are
 * libuiohook's VC_* constants (the values uiohook-napi reports); keeping the table here means the
 * native module is not loaded just to parse a setting.
 */
export interface Chord {
  keycode: number;
  key: string;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

const LETTERS: Record<string, number> = {
  A: 30, B: 48, C: 46, D: 32, E: 18, F: 33, G: 34, H: 35, I: 23, J: 36, K: 37, L: 38, M: 50,
  N: 49, O: 24, P: 25, Q: 16, R: 19, S: 31, T: 20, U: 22, V: 47, W: 17, X: 45, Y: 21, Z: 44,
};
const DIGITS: Record<string, number> = { '0': 11, '1': 2, '2': 3, '3': 4, '4': 5, '5': 6, '6': 7, '7': 8, '8': 9, '9': 10 };
const NAMED: Record<string, number> = {
  SPACE: 57, TAB: 15, BACKSPACE: 14, ENTER: 28, RETURN: 28, ESCAPE: 1, ESC: 1, CAPSLOCK: 58,
  UP: 57416, DOWN: 57424, LEFT: 57419, RIGHT: 57421, HOME: 3655, END: 3663, PAGEUP: 3657, PAGEDOWN: 3665,
  INSERT: 3666, DELETE: 3667, PRINTSCREEN: 3639, SCROLLLOCK: 70, NUMLOCK: 69,
  ';': 39, '=': 13, ',': 51, '-': 12, '.': 52, '/': 53, '`': 41, '[': 26, '\\': 43, ']': 27, "'": 40,
  PLUS: 13, // Electron's "Plus" is Shift+= on US layouts; the hook sees the '=' key
  NUM0: 82, NUM1: 79, NUM2: 80, NUM3: 81, NUM4: 75, NUM5: 76, NUM6: 77, NUM7: 71, NUM8: 72, NUM9: 73,
  NUMADD: 78, NUMSUB: 74, NUMMULT: 55, NUMDIV: 3637, NUMDEC: 83,
};
const FKEYS = [59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 87, 88, 91, 92, 93, 99, 100, 101, 102, 103, 104, 105, 106, 107];

/** Keycodes of the modifier keys themselves (left and right), which never count as the main key. */
export const MODIFIER_KEYCODES = new Set([29, 3613, 56, 3640, 42, 54, 3675, 3676]);

export type ParseResult = { ok: true; chord: Chord } | { ok: false; error: string };

export function parseAccelerator(accelerator: string, platform: NodeJS.Platform = process.platform): ParseResult {
  const parts = accelerator.split('+').map((p) => p.trim());
  // "Ctrl++" means Ctrl and the plus key: an empty part after a '+' is the '+' key itself.
  if (accelerator.endsWith('++')) parts.splice(parts.length - 2, 2, 'Plus');
  const chord: Chord = { keycode: -1, key: '', ctrl: false, alt: false, shift: false, meta: false };
  for (const raw of parts) {
    if (!raw) return { ok: false, error: `"${accelerator}" has an empty part` };
    const p = raw.toUpperCase();
    switch (p) {
      case 'COMMANDORCONTROL':
      case 'CMDORCTRL':
        if (platform === 'darwin') chord.meta = true;
        else chord.ctrl = true;
        continue;
      case 'COMMAND':
      case 'CMD':
      case 'SUPER':
      case 'META':
        chord.meta = true;
        continue;
      case 'CONTROL':
      case 'CTRL':
        chord.ctrl = true;
        continue;
      case 'ALT':
      case 'OPTION':
      case 'ALTGR':
        chord.alt = true;
        continue;
      case 'SHIFT':
        chord.shift = true;
        continue;
    }
    if (chord.keycode !== -1) return { ok: false, error: `"${accelerator}" has two main keys (${chord.key}, ${raw})` };
    const code = LETTERS[p] ?? DIGITS[p] ?? NAMED[p] ?? fkey(p);
    if (code === undefined) return { ok: false, error: `"${raw}" is not a key the hotkey hook knows` };
    chord.keycode = code;
    chord.key = raw;
  }
  if (chord.keycode === -1) return { ok: false, error: `"${accelerator}" has no main key (modifier-only hotkeys are not supported)` };
  return { ok: true, chord };
}

function fkey(p: string): number | undefined {
  const m = /^F(\d{1,2})$/.exec(p);
  return m ? FKEYS[Number(m[1]) - 1] : undefined;
}

export interface KeyEventLike {
  keycode: number;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/** The main key with exactly the chord's modifiers (an extra modifier is another shortcut). */
export function matchesChord(chord: Chord, e: KeyEventLike): boolean {
  return (
    e.keycode === chord.keycode &&
    e.ctrlKey === chord.ctrl &&
    e.altKey === chord.alt &&
    e.shiftKey === chord.shift &&
    e.metaKey === chord.meta
  );
}
