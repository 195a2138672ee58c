import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { Logger } from '../../shared/logger';
import { hardenedWebPreferences, lockNavigation } from './window-security';

export interface MainWindowOptions {
  /** app://app/index.html in production, electron-vite's dev server URL in dev. */
  url: string;
  preload: string;
  appOrigins: readonly string[];
  show: boolean;
  icon?: string;
  logger: Logger;
}

/**
 * The main window with every Electron security default made explicit (hardenedWebPreferences, shared
 * with the quick-ask window). backgroundThrottling is off because the window's audio
 * worklets must keep running while it is hidden behind the tray.
 */
export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 520,
    height: 760,
    minWidth: 380,
    minHeight: 480,
    show: false,
    title: 'Inworld Desk',
    ...(opts.icon ? { icon: opts.icon } : {}),
    webPreferences: hardenedWebPreferences(opts.preload, {
      backgroundThrottling: false,
      devTools: !opts.url.startsWith('app://') || process.env.INWORLD_DEVTOOLS === '1',
    }),
  });
  lockNavigation(win.webContents, opts.appOrigins, opts.logger);
  win.once('ready-to-show', () => {
    if (opts.show) win.show();
  });
  win.webContents.on('render-process-gone', (_e, details) => opts.logger.error('renderer gone', details));
  void win.loadURL(opts.url).catch((err) => opts.logger.error('main window failed to load', { error: String(err) }));
  return win;
}

export function preloadPath(mainDir: string): string {
  return join(mainDir, '..', 'preload', 'index.cjs');
}
