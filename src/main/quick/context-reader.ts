/**
 * The port through which a quick query gets its context — the user's current selection or the
 * clipboard's text — without touching either: no synthetic Ctrl+C, no clipboard write. The launcher
 * and `npm run ask --context` share it. Implementations: X11 (./x11/selection-reader.ts) and,
 * where there is no PRIMARY selection, a clipboard-only reader given by the host.
 */
export type ContextKind = 'selection' | 'clipboard';

export type ContextResult =
  | { readonly ok: true; readonly text: string; readonly truncated: boolean }
  | { readonly ok: false; readonly reason: string };

export interface ContextReader {
  /** Which kinds this platform can read without modifying anything. */
  readonly supports: readonly ContextKind[];
  read(kind: ContextKind): Promise<ContextResult>;
}

/** Longest context we attach (characters); the rest is cut and the chip says so. */
export const MAX_CONTEXT_CHARS = 6000;

/** The reason of an empty selection or clipboard (callers word it per kind: "the clipboard is empty"). */
export const EMPTY_REASON = 'it is empty';

export function contextResult(raw: string): ContextResult {
  const text = raw.replace(/\r\n/g, '\n');
  if (!text.trim()) return { ok: false, reason: EMPTY_REASON };
  return text.length > MAX_CONTEXT_CHARS ? { ok: true, text: text.slice(0, MAX_CONTEXT_CHARS), truncated: true } : { ok: true, text, truncated: false };
}

export function unsupported(kind: ContextKind): ContextResult {
  return kind === 'selection'
    ? { ok: false, reason: 'this system has no readable selection; copy the text and use the clipboard instead' }
    : { ok: false, reason: 'the clipboard cannot be read here' };
}
