import { homedir } from 'node:os';
import { join } from 'node:path';
import { HistoryStore } from './history-store';

/** The file name of the history database inside the app's data folder. */
export const HISTORY_FILE = 'history.db';
/** The app's data folder name: Electron's userData is named after package.json's productName. */
export const APP_DATA_FOLDER = 'Inworld Desk';

/**
 * Where the app keeps its data, computed the way Electron's app.getPath('userData') does, for the
 * headless `history` CLI and `ask` (which run without Electron): XDG_CONFIG_HOME or ~/.config on
 * Linux, APPDATA on Windows, ~/Library/Application Support on macOS.
 */
export function appDataDir(env: Record<string, string | undefined> = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_DATA_FOLDER);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DATA_FOLDER);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_DATA_FOLDER);
}

/**
 * Opens the history in `dataDir` for the app. Never throws: a missing node:sqlite or an unusable
 * file gives `store: undefined` and the reason, a damaged file is moved aside with a notice.
 */
export function openHistory(dataDir: string): { store: HistoryStore | undefined; openProblem?: string } {
  try {
    const store = new HistoryStore(join(dataDir, HISTORY_FILE));
    if (store.movedAside) {
      return { store, openProblem: `The history database was damaged; it was moved to ${store.movedAside} and a new, empty history was started.` };
    }
    return { store };
  } catch (err) {
    return { store: undefined, openProblem: `Conversation history is off: it could not be opened (${String((err as Error)?.message ?? err).slice(0, 300)}).` };
  }
}
