/**
 * Which application window has the keyboard focus, its WM_CLASS, and giving the focus back to it.
 * The focus may sit on a child of the application's window (toolkits focus inner windows) or, with
 * PointerRoot focus and no window manager, follow the pointer: both resolve to the nearest window
 * carrying WM_CLASS (the ICCCM client window).
 */
import { X, type X11Connection } from './x11-connection';

export interface FocusedWindow {
  /** The client (top-level) window: the one with WM_CLASS. */
  readonly window: number;
  /** WM_CLASS class part, lowercased ('' when the window has none). */
  readonly windowClass: string;
}

export class WindowFocus {
  constructor(private readonly conn: X11Connection) {}

  /** The focused application window, or undefined when nothing (or only the root) has focus. */
  async focused(): Promise<FocusedWindow | undefined> {
    const window = await this.focusedWindow();
    return window === undefined ? undefined : { window, windowClass: await this.windowClass(window) };
  }

  /** The focused application (client) window, without reading its class. */
  async focusedWindow(): Promise<number | undefined> {
    const c = this.conn;
    let { focus } = await c.call<{ focus: number; revertTo: number }>((cb) => c.client.GetInputFocus(cb));
    if (focus === X.PointerRoot || focus === c.root) focus = await this.underPointer();
    if (focus === X.None || focus === c.root) return undefined;
    return (await this.clientUp(focus)) ?? (await this.clientDown(focus, 3)) ?? focus;
  }

  /** WM_CLASS class part (the second string), lowercased; '' when absent. */
  async windowClass(window: number): Promise<string> {
    const raw = await this.wmClass(window);
    if (raw === undefined) return '';
    const parts = raw.toString('latin1').split('\0');
    return (parts[1] || parts[0] || '').toLowerCase();
  }

  /** True when the focus resolves to `window`. */
  async isFocused(window: number): Promise<boolean> {
    return (await this.focusedWindow()) === window;
  }

  /**
   * Gives the focus back to `window` and verifies it. Uses _NET_ACTIVE_WINDOW when a window manager
   * advertises it (the WM raises and focuses properly), else sets the input focus directly.
   */
  async activate(window: number, verifyMs = 500): Promise<boolean> {
    const c = this.conn;
    if (!(await this.exists(window))) return false;
    if (await this.wmSupportsActiveWindow()) {
      const b = Buffer.alloc(32);
      b[0] = X.ev.ClientMessage;
      b[1] = 32;
      b.writeUInt32LE(window >>> 0, 4);
      b.writeUInt32LE((await c.atom('_NET_ACTIVE_WINDOW')) >>> 0, 8);
      b.writeUInt32LE(2, 12); // source: pager — an explicit user request
      b.writeUInt32LE(await c.serverTime(), 16);
      c.client.SendEvent(c.root, false, X.SubstructureRedirectMask | X.SubstructureNotifyMask, b);
    } else {
      c.client.RaiseWindow(window);
      c.client.SetInputFocus(window, X.RevertToParent);
    }
    await c.sync();
    const end = performance.now() + verifyMs;
    for (;;) {
      if (await this.isFocused(window)) return true;
      if (performance.now() >= end) return false;
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  private async exists(window: number): Promise<boolean> {
    try {
      await this.conn.call((cb) => this.conn.client.QueryTree(window, cb));
      return true;
    } catch {
      return false;
    }
  }

  private async wmSupportsActiveWindow(): Promise<boolean> {
    const c = this.conn;
    try {
      const check = await c.readProperty(c.root, await c.atom('_NET_SUPPORTING_WM_CHECK'));
      if (check.data.length < 4) return false;
      const supported = await c.readProperty(c.root, await c.atom('_NET_SUPPORTED'));
      const wanted = await c.atom('_NET_ACTIVE_WINDOW');
      for (let i = 0; i + 4 <= supported.data.length; i += 4) if (supported.data.readUInt32LE(i) === wanted) return true;
    } catch {}
    return false;
  }

  private async underPointer(): Promise<number> {
    const c = this.conn;
    const p = await c.call<{ child: number; root: number }>((cb) => c.client.QueryPointer(c.root, cb));
    return p.child || X.None;
  }

  private async wmClass(window: number): Promise<Buffer | undefined> {
    try {
      const p = await this.conn.readProperty(window, await this.conn.atom('WM_CLASS'));
      return p.data.length > 0 ? p.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Walks parents from `window` to the root; the first with WM_CLASS is the client window. */
  private async clientUp(window: number): Promise<number | undefined> {
    const c = this.conn;
    let w = window;
    for (let depth = 0; depth < 32 && w !== X.None && w !== c.root; depth++) {
      if (await this.wmClass(w)) return w;
      try {
        w = (await c.call<{ parent: number }>((cb) => c.client.QueryTree(w, cb))).parent;
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  /** A window-manager frame has focus: look a few levels down for the client window. */
  private async clientDown(window: number, depth: number): Promise<number | undefined> {
    if (depth === 0) return undefined;
    const c = this.conn;
    let children: number[];
    try {
      children = (await c.call<{ children: number[] }>((cb) => c.client.QueryTree(window, cb))).children;
    } catch {
      return undefined;
    }
    for (const child of children.reverse()) {
      if (await this.wmClass(child)) return child;
      const found = await this.clientDown(child, depth - 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
}
