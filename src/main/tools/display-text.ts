/**
 * Text a user must judge (approval summaries, main's confirmation dialog) with every character that
 * could make it read differently from what runs made visible: bidi overrides and isolates (the
 * "Trojan Source" trick: `rm -rf ~ #⁦ safe⁩` can display reversed), zero-width characters, other
 * invisible format characters and control characters (tab and newline stay). Each becomes a
 * visible `<U+202E>` marker.
 */
const HIDDEN_RANGES: Array<[number, number]> = [
  [0x00, 0x08], [0x0b, 0x1f], [0x7f, 0x9f], [0xad, 0xad], [0x061c, 0x061c], [0x115f, 0x1160], [0x180e, 0x180e],
  [0x200b, 0x200f], [0x2028, 0x202e], [0x2060, 0x206f], [0x3164, 0x3164], [0xfe00, 0xfe0f], [0xfeff, 0xfeff],
  [0xffa0, 0xffa0], [0xfff9, 0xfffb], [0xe0000, 0xe007f], [0xe0100, 0xe01ef],
];

function isHidden(code: number): boolean {
  return HIDDEN_RANGES.some(([lo, hi]) => code >= lo && code <= hi);
}

export function escapeForDisplay(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    out += isHidden(code) ? `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>` : ch;
  }
  return out;
}

export function hasHiddenCharacters(text: string): boolean {
  for (const ch of text) if (isHidden(ch.codePointAt(0)!)) return true;
  return false;
}
