import { ClipboardInserter } from './clipboard-inserter';
import type { TextInserter } from './text-inserter';

/**
 * The inserter the app and the `dictate` CLI use on this build. The X11 paste path
 * (src/main/dictation/x11) plugs in here; until then the clipboard-only inserter is the honest
 * default (it reports `copied`, never `inserted`).
 */
export function createTextInserter(env: NodeJS.ProcessEnv = process.env): TextInserter {
  return new ClipboardInserter(env);
}
