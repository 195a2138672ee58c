/**
 * `--context selection|clipboard`: the text a command-line question is about, read through the same
 * ContextReader as the launcher (src/main/quick/platform-context-reader.ts picks it per system), so
 * the app's `--ask`, `npm run ask` and the launcher read a selection the same way and never touch
 * the clipboard. A context that cannot be read is an error saying why, never a question without it.
 */
import type { ContextReader } from '../quick/context-reader';
import { EMPTY_REASON, unsupported } from '../quick/context-reader';
import type { AskContext } from './app-args';

export type ResolvedContext = { ok: true; context: { kind: AskContext; text: string } } | { ok: false; error: string };

export async function resolveAskContext(kind: AskContext, reader: ContextReader | undefined): Promise<ResolvedContext> {
  let r;
  try {
    r = reader && reader.supports.includes(kind) ? await reader.read(kind) : unsupported(kind);
  } catch (err) {
    return { ok: false, error: `could not read the ${kind}: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (r.ok) return { ok: true, context: { kind, text: r.text } };
  return { ok: false, error: r.reason === EMPTY_REASON ? `the ${kind} is empty` : `the ${kind} cannot be used: ${r.reason}` };
}
