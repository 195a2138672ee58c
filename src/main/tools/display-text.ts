/**
 * Text a user must judge (approval summaries, main's confirmation dialog) with every character that
 * could make it read differently from what runs made visible: bidi overrides and isolates (the
 * "Trojan Source" trick: `rm -rf ~ #⁦ safe⁩` can display reversed), zero-width characters, other
 * invisible format characters and control characters. Each becomes a visible `<U+202E>` marker.
 */
const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]|\udb40[\udc00-\udc7f]/g;

export function escapeForDisplay(text: string): string {
  return text.replace(HIDDEN, (ch) => `<U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`);
}

export function hasHiddenCharacters(text: string): boolean {
  HIDDEN.lastIndex = 0;
  const found = HIDDEN.test(text);
  HIDDEN.lastIndex = 0;
  return found;
}
