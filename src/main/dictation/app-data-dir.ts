import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The app data folder outside Electron (the `dictate` CLI): the same folder Electron's
 * `app.getPath('userData')` gives the app, so the CLI and the app share one dictation journal.
 * `INWORLD_DESK_DATA` overrides it (tests, portable setups).
 */
export const PRODUCT_NAME = 'Inworld Desk';

export function appDataDir(env: Record<string, string | undefined> = process.env, platform = process.platform, home = homedir()): string {
  if (env.INWORLD_DESK_DATA) return env.INWORLD_DESK_DATA;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), PRODUCT_NAME);
}
