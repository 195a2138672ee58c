/**
 * Remembers the window that had focus when the launcher opened and gives focus back to it when the
 * launcher hides. With a window manager, EWMH `_NET_ACTIVE_WINDOW` (read from the root, then asked
 * for with a client message, source "pager"); without one, the core input focus.
 */
import { X11Link, XC } from './x11-link';

export interface FocusHandle {
  readonly windowId: number;
}

export interface FocusReturn {
  capture(): Promise<FocusHandle | undefined>;
  restore(handle: FocusHandle): Promise<boolean>;
}

export class X11FocusReturn implements FocusReturn {
  private link: Promise<X11Link> | undefined;

  constructor(private readonly opts: { display?: string; ownWindows?: () => number[] } = {}) {}

  async capture(): Promise<FocusHandle | undefined> {
    try {
      const link = await this.connect();
      const active = await this.activeWindow(link);
      if (!active || active === link.root || this.opts.ownWindows?.().includes(active)) return undefined;
      return { windowId: active };
    } catch {
      this.drop();
      return undefined;
    }
  }

  async restore(handle: FocusHandle): Promise<boolean> {
    try {
      const link = await this.connect();
      const netActive = await link.atom('_NET_ACTIVE_WINDOW');
      if (await this.hasWindowManager(link)) {
        const msg = link.clientMessage(handle.windowId, netActive, [2, XC.CurrentTime, 0]);
        link.client.SendEvent(link.root, false, XC.SubstructureRedirectMask | XC.SubstructureNotifyMask, msg);
      } else {
        link.client.RaiseWindow(handle.windowId);
        link.client.SetInputFocus(handle.windowId, XC.RevertToParent);
      }
      await link.sync();
      return true;
    } catch {
      this.drop();
      return false;
    }
  }

  dispose(): void {
    this.drop();
  }

  private connect(): Promise<X11Link> {
    this.link ??= X11Link.open(this.opts.display ?? process.env.DISPLAY);
    this.link.catch(() => (this.link = undefined));
    return this.link;
  }

  private drop(): void {
    const l = this.link;
    this.link = undefined;
    void l?.then((x) => x.close(), () => undefined);
  }

  private async hasWindowManager(link: X11Link): Promise<boolean> {
    const check = await link.getProperty(link.root, await link.atom('_NET_SUPPORTING_WM_CHECK'), 0, 1);
    return check.data.length >= 4 && check.data.readUInt32LE(0) !== 0;
  }

  private async activeWindow(link: X11Link): Promise<number | undefined> {
    if (await this.hasWindowManager(link)) {
      const p = await link.getProperty(link.root, await link.atom('_NET_ACTIVE_WINDOW'), 0, 1);
      if (p.data.length >= 4 && p.data.readUInt32LE(0) !== 0) return p.data.readUInt32LE(0);
    }
    const focus = await link.call<{ focus: number }>((cb) => link.client.GetInputFocus(cb));
    // 0 = None, 1 = PointerRoot: no particular window has focus.
    return focus.focus > 1 ? focus.focus : undefined;
  }
}
