/**
 * Turns what a user typed into an FTS5 MATCH expression that can never be a syntax error: every
 * word becomes a quoted string (inner quotes doubled), so `AND`, `NEAR(`, `col:` or a stray `"` are
 * just text; words are ANDed; the last word also matches as a prefix, so results follow typing.
 * Returns undefined when nothing searchable is left.
 */
export function ftsQuery(input: string): string | undefined {
  // unicode61 splits on anything that is not a letter or a number; doing the same here avoids
  // quoted "words" made only of punctuation (which would match nothing and hide real results).
  const words = input.normalize('NFC').split(/[^\p{L}\p{N}\p{M}]+/u).filter((w) => w.length > 0).slice(0, 16);
  if (words.length === 0) return undefined;
  return words.map((w, i) => `"${w.replace(/"/g, '""')}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}
