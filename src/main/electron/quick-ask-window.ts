import { BrowserWindow, screen } from 'electron';
import type { Logger } from '../../shared/logger';
import { isQuitting } from './lifecycle';
import { hardenedWebPreferences, lockNavigation } from './window-security';

/**
 * The tray's "Quick ask" prompt: a small always-on-top window near the cursor, with the same
 * preload and security settings as the main window. It is created on first use, hidden on blur,
 * and reused, so the hotkey opens it instantly after the first time.
 */
export class QuickAskWindow {
  private win: BrowserWindow | undefined;

  constructor(private readonly opts: { url: string; preload: string; appOrigins: readonly string[]; logger: Logger }) {}

  show(): void {
    const win = this.win && !this.win.isDestroyed() ? this.win : this.create();
    const cursor = screen.getCursorScreenPoint();
    const area = screen.getDisplayNearestPoint(cursor).workArea;
    const [w, h] = win.getSize() as [number, number];
    win.setPosition(
      Math.round(Math.min(Math.max(cursor.x - w / 2, area.x), area.x + area.width - w)),
      Math.round(Math.min(Math.max(cursor.y + 12, area.y), area.y + area.height - h)),
    );
    win.show();
    win.focus();
  }

  dispose(): void {
    if (this.win && !this.win.isDestroyed()) this.win.destroy();
  }

  private create(): BrowserWindow {
    const win = new BrowserWindow({
      width: 460,
      height: 200,
      show: false,
      frame: false,
      resizable: false,
      alwaysOnTop: true,
      skipTaskbar: true,
      title: 'Quick ask',
      // The same hardening as the main window; it keeps the default throttling (no audio here).
      webPreferences: hardenedWebPreferences(this.opts.preload, { devTools: false }),
    });
    lockNavigation(win.webContents, this.opts.appOrigins, this.opts.logger);
    win.on('blur', () => win.hide());
    // window.close() from the page (Escape) only hides it, so the next open is instant.
    win.on('close', (e) => {
      if (!isQuitting()) {
        e.preventDefault();
        win.hide();
      }
    });
    void win.loadURL(this.opts.url).catch((err) => this.opts.logger.error('quick ask failed to load', { error: String(err) }));
    this.win = win;
    return win;
  }
}
