import { BrowserWindow, screen } from 'electron';
import type { DictationView } from '../../shared/dictation';
import type { Logger } from '../../shared/logger';
import { overlayLinger, overlayWindowOptions } from '../dictation/overlay-policy';
import { hardenedWebPreferences, lockNavigation } from './window-security';

/**
 * The dictation overlay window: always on top, never focused (focusable:false, showInactive), and
 * click-through (setIgnoreMouseEvents with forward, so the page still sees the pointer) except while
 * the pointer is over its cancel button. On X11 setAlwaysOnTop must come before showInactive
 * (electron/electron#44078). Created on first use and reused.
 */
export class DictationOverlayWindow {
  private win: BrowserWindow | undefined;
  private hideTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly opts: { url: string; preload: string; appOrigins: readonly string[]; logger: Logger }) {}

  /** Follows the pipeline's view: shown while dictating, lingers on the outcome, then hides. */
  update(view: DictationView): void {
    const linger = overlayLinger(view.phase);
    if (this.hideTimer) clearTimeout(this.hideTimer);
    this.hideTimer = undefined;
    if (linger === 0) return this.hide();
    this.show();
    if (Number.isFinite(linger)) this.hideTimer = setTimeout(() => this.hide(), linger);
  }

  /** The pointer is over the cancel button: take clicks there; otherwise pass them through. */
  setHover(over: boolean): void {
    const win = this.win;
    if (!win || win.isDestroyed()) return;
    win.setIgnoreMouseEvents(!over, { forward: true });
  }

  dispose(): void {
    if (this.hideTimer) clearTimeout(this.hideTimer);
    if (this.win && !this.win.isDestroyed()) this.win.destroy();
  }

  private show(): void {
    const win = this.win && !this.win.isDestroyed() ? this.win : this.create();
    if (win.isVisible()) return;
    const area = screen.getDisplayNearestPoint(screen.getCursorScreenPoint()).workArea;
    const [w, h] = win.getSize() as [number, number];
    win.setPosition(Math.round(area.x + (area.width - w) / 2), Math.round(area.y + area.height - h - 48));
    win.setAlwaysOnTop(true, 'screen-saver');
    win.showInactive();
  }

  private hide(): void {
    if (this.win && !this.win.isDestroyed() && this.win.isVisible()) this.win.hide();
  }

  private create(): BrowserWindow {
    const win = new BrowserWindow({
      ...overlayWindowOptions(process.platform),
      webPreferences: hardenedWebPreferences(this.opts.preload, { devTools: false }),
    });
    win.setIgnoreMouseEvents(true, { forward: true });
    win.setVisibleOnAllWorkspaces(true);
    lockNavigation(win.webContents, this.opts.appOrigins, this.opts.logger);
    void win.loadURL(this.opts.url).catch((err) => this.opts.logger.error('dictation overlay failed to load', { error: String(err) }));
    this.win = win;
    return win;
  }
}
