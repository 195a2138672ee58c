import { ClipboardInserter } from './clipboard-inserter';
import type { TextInserter } from './text-inserter';

/**
 * The inserter of the `dictate` CLI (`npm run dictate`), a process that exits right after its one
 * dictation. The app's paste path (x11/x11-text-inserter.ts, chosen by platform-inserter.ts) cannot
 * be used there: on X11 the clipboard lives in its owner's process, so the user's previous
 * clipboard, restored after the paste by serving it ourselves, would vanish when the CLI exits (unless
 * a clipboard manager takes it: most desktops without one would lose it). So the CLI copies with
 * xclip, whose forked child keeps serving the text, and says `copied`, never `inserted`. The app,
 * alive all day, uses the paste path; `npm run bench -- --dictation` measures that path.
 */
export function createTextInserter(env: NodeJS.ProcessEnv = process.env): TextInserter {
  return new ClipboardInserter(env);
}
