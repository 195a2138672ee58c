/**
 * `--context selection|clipboard`: the text a command-line question is about. The clipboard comes
 * through the clipboard tool port (Electron's clipboard in the app); the X11/Wayland selection
 * through a reader the dictation work provides. Until one is wired, `selection` is refused with a
 * clear reason rather than silently asking without it.
 */
import type { ClipboardPort } from '../tools/ports';
import type { AskContext } from './app-args';

export interface ContextSources {
  clipboard?: ClipboardPort;
  /** The current text selection of the focused application (PRIMARY on X11). */
  selection?: () => Promise<string>;
}

export type ResolvedContext = { ok: true; context: { kind: AskContext; text: string } } | { ok: false; error: string };

export async function resolveAskContext(kind: AskContext, sources: ContextSources): Promise<ResolvedContext> {
  const read = kind === 'clipboard' ? sources.clipboard && (() => sources.clipboard!.readText()) : sources.selection;
  if (!read) return { ok: false, error: `--context ${kind} is not available on this system yet` };
  let text: string;
  try {
    text = await read();
  } catch (err) {
    return { ok: false, error: `could not read the ${kind}: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!text.trim()) return { ok: false, error: `the ${kind} is empty` };
  return { ok: true, context: { kind, text } };
}
