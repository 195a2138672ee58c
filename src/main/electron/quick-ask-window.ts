import { BrowserWindow, screen } from 'electron';
import type { Logger } from '../../shared/logger';
import type { QuickWindowPort } from '../quick/quick-ask-service';
import { placeNearCursor } from '../quick/placement';
import { isQuitting } from './lifecycle';
import { hardenedWebPreferences, lockNavigation } from './window-security';

/**
 * The launcher window: frameless, always on top, near the cursor on the active screen (placement
 * is a pure function, ../quick/placement.ts), with the same preload and security settings as the
 * main window. It is created hidden ahead of time and only hidden afterwards, so the hotkey shows
 * an already-loaded page whose input takes focus at once.
 */
export class QuickAskWindow implements QuickWindowPort {
  private win: BrowserWindow | undefined;

  constructor(private readonly opts: { url: string; preload: string; appOrigins: readonly string[]; logger: Logger; onBlur(): void }) {}

  /** Creates and loads the hidden window now, so the first open is as fast as the next ones. */
  prepare(): void {
    if (!this.win || this.win.isDestroyed()) this.create();
  }

  show(): void {
    const win = this.win && !this.win.isDestroyed() ? this.win : this.create();
    const cursor = screen.getCursorScreenPoint();
    const [width, height] = win.getSize() as [number, number];
    const areas = screen.getAllDisplays().map((d) => d.workArea);
    const at = placeNearCursor(cursor, { width, height }, areas);
    win.setPosition(at.x, at.y);
    // X11: on top before showing, or some window managers show it beneath the active window.
    win.setAlwaysOnTop(true, 'pop-up-menu');
    win.show();
    win.focus();
    win.webContents.focus();
  }

  hide(): void {
    if (this.win && !this.win.isDestroyed() && this.win.isVisible()) this.win.hide();
  }

  isVisible(): boolean {
    return Boolean(this.win && !this.win.isDestroyed() && this.win.isVisible());
  }

  /** X11 window id, so focus return never "restores" the launcher itself. */
  nativeId(): number | undefined {
    if (!this.win || this.win.isDestroyed()) return undefined;
    const handle = this.win.getNativeWindowHandle();
    return handle.length >= 4 ? handle.readUInt32LE(0) : undefined;
  }

  dispose(): void {
    if (this.win && !this.win.isDestroyed()) this.win.destroy();
  }

  private create(): BrowserWindow {
    const win = new BrowserWindow({
      width: 520,
      height: 360,
      show: false,
      frame: false,
      resizable: false,
      alwaysOnTop: true,
      skipTaskbar: true,
      title: 'Ask',
      // The same hardening as the main window; it keeps the default throttling (no audio here).
      webPreferences: hardenedWebPreferences(this.opts.preload, { devTools: false }),
    });
    lockNavigation(win.webContents, this.opts.appOrigins, this.opts.logger);
    win.on('blur', () => this.opts.onBlur());
    // window.close() from the page only hides it, so the next open is instant.
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
