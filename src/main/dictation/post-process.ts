/**
 * What happens to a transcript before it is inserted: the user's replacements and filler removal.
 * Pure and deterministic; the raw transcript is always kept beside the result (journal), so a rule
 * that went wrong never costs the user's words.
 */
export interface Replacement {
  from: string;
  to: string;
}

export interface PostProcessOptions {
  removeFillers: boolean;
  replacements: readonly Replacement[];
}

/** Hesitations that carry no meaning in written text. Words like "like" or "so" are left alone. */
export const FILLERS = ['um', 'umm', 'uh', 'uhh', 'uhm', 'erm', 'er', 'hmm', 'mm', 'ah'] as const;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const FILLER_RE = new RegExp(`(^|[\\s,;])(?:${FILLERS.join('|')})(?=$|[\\s,.;!?])[,;]?`, 'gi');

export function removeFillers(text: string): string {
  let out = text;
  // Twice: adjacent fillers ("um, uh, ...") share the separator the first pass consumed.
  for (let i = 0; i < 2; i++) out = out.replace(FILLER_RE, '$1');
  return tidy(out);
}

/** Whole-word (or whole-phrase), case-insensitive; the first letter keeps the original's case at a sentence start. */
export function applyReplacements(text: string, replacements: readonly Replacement[]): string {
  let out = text;
  for (const r of replacements) {
    const from = r.from.trim();
    if (!from) continue;
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${escape(from)}(?![\\p{L}\\p{N}])`, 'giu');
    out = out.replace(re, () => r.to);
  }
  return out;
}

/** Collapses the spaces and stray punctuation a removal leaves, and re-capitalises a sentence start. */
function tidy(text: string): string {
  let out = text
    .replace(/([.!?])\s+[.!?](?=\s|$)/g, '$1')
    .replace(/^[\s,;.!?]+/, '')
    .replace(/\s+([,.;!?])/g, '$1')
    .replace(/([,;])(?=[.!?])/g, '')
    .replace(/^[\s,;]+/, '')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
  out = out.replace(/(^|[.!?]\s+)(\p{Ll})/gu, (_m, pre: string, ch: string) => pre + ch.toUpperCase());
  return out;
}

export function postProcess(raw: string, o: PostProcessOptions): string {
  let text = raw.trim();
  if (o.removeFillers) text = removeFillers(text);
  text = applyReplacements(text, o.replacements);
  // Never turn speech into nothing by rules alone: fall back to the raw words.
  return text.trim() || raw.trim();
}
