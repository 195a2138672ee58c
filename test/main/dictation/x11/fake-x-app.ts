/**
 * Small X11 client apps for race tests, built on the same pure-JS X client: a mapped window with a
 * WM_CLASS that records every key it receives and, on a paste chord it accepts, reads CLIPBOARD
 * after a chosen delay (a controllable slow reader — Chromium reads too fast to race).
 */
import type { X11Event } from 'x11';
import { X11Connection, X } from '../../../../src/main/dictation/x11/x11-connection';
import { readClipboardTarget } from '../../../../src/main/dictation/x11/clipboard-snapshot';

const ShiftMask = 1;
const ControlMask = 4;
const KeyPressMask = 1;
const KeyPress = 2;

export interface KeySeen {
  readonly key: string;
  readonly ctrl: boolean;
  readonly shift: boolean;
  readonly at: number;
}

export interface FakeAppOptions {
  readonly display: string;
  readonly wmClass: string;
  /** Which chord makes it read: 'ctrl+v' or 'ctrl+shift+v'; undefined = never reads. */
  readonly pasteOn?: 'ctrl+v' | 'ctrl+shift+v' | 'shift+insert';
  /** Delay between the chord and the read (ms). */
  readonly readDelayMs?: number;
}

export class FakeXApp {
  readonly keys: KeySeen[] = [];
  /** Texts this app pasted (what it read from CLIPBOARD). */
  readonly pasted: string[] = [];
  private keysyms = new Map<number, number>();

  private constructor(
    readonly conn: X11Connection,
    readonly window: number,
    private readonly opts: FakeAppOptions,
  ) {}

  static async start(opts: FakeAppOptions): Promise<FakeXApp> {
    const conn = await X11Connection.connect(opts.display);
    const wid = conn.client.AllocID();
    conn.client.CreateWindow(wid, conn.root, 820, 10, 300, 200, 0, 0, 1, 0, { eventMask: KeyPressMask });
    const wmClass = Buffer.from(`${opts.wmClass.toLowerCase()}\0${opts.wmClass}\0`, 'latin1');
    conn.client.ChangeProperty(X.PropModeReplace, wid, await conn.atom('WM_CLASS'), await conn.atom('STRING'), 8, wmClass);
    conn.client.MapWindow(wid);
    const app = new FakeXApp(conn, wid, opts);
    const d = conn.display;
    const rows = await conn.call<number[][]>((cb) => conn.client.GetKeyboardMapping(d.min_keycode, d.max_keycode - d.min_keycode + 1, cb));
    rows.forEach((row, i) => app.keysyms.set(d.min_keycode + i, row[0] ?? 0));
    conn.on('event', (ev: X11Event) => app.onEvent(ev));
    await conn.sync();
    return app;
  }

  focus(): Promise<void> {
    this.conn.client.SetInputFocus(this.window, X.RevertToParent);
    return this.conn.sync();
  }

  unmap(): Promise<void> {
    this.conn.client.UnmapWindow(this.window);
    return this.conn.sync();
  }

  /** Key presses of "v" with their modifiers, as the app saw them. */
  vPresses(): KeySeen[] {
    return this.keys.filter((k) => k.key === 'v');
  }

  close(): void {
    this.conn.close();
  }

  private onEvent(ev: X11Event): void {
    if (ev.type !== KeyPress || ev.wid !== this.window) return;
    const sym = this.keysyms.get(ev.keycode ?? 0) ?? 0;
    const key = sym >= 0x20 && sym < 0x7f ? String.fromCharCode(sym) : `0x${sym.toString(16)}`;
    const state = ev.buttons ?? 0;
    const seen = { key, ctrl: (state & ControlMask) !== 0, shift: (state & ShiftMask) !== 0, at: performance.now() };
    this.keys.push(seen);
    const chord = seen.ctrl && key === 'v' ? (seen.shift ? 'ctrl+shift+v' : 'ctrl+v') : seen.shift && sym === 0xff63 ? 'shift+insert' : undefined;
    if (chord && chord === this.opts.pasteOn) {
      setTimeout(() => {
        if (this.conn.isClosed) return;
        readClipboardTarget(this.conn, 'UTF8_STRING').then(
          (item) => void (item && this.pasted.push(item.data.toString('utf8'))),
          () => undefined, // the app was closed before its delayed read
        );
      }, this.opts.readDelayMs ?? 0);
    }
  }
}
