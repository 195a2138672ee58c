/**
 * The launcher's small connection to the X server through npm `x11` (pure JS, no native code):
 * promise-returning requests, an atom cache, and one hidden InputOnly window that serves as the
 * requestor when reading a selection. Used by the selection reader and the focus tracker.
 */
import * as x11 from 'x11';
import type { X11Event, X11Property, XClient } from 'x11';

export const XC = {
  None: 0,
  CurrentTime: 0,
  AnyPropertyType: 0,
  PropertyNewValue: 0,
  PropertyChangeMask: 0x400000,
  InputOnly: 2,
  RevertToParent: 2,
  SubstructureRedirectMask: 0x100000,
  SubstructureNotifyMask: 0x80000,
  PropertyNotify: 28,
  SelectionNotify: 31,
} as const;

export class X11Link {
  readonly window: number;
  readonly root: number;
  private readonly atoms = new Map<string, number>();
  private closed = false;

  private constructor(readonly client: XClient, root: number) {
    this.root = root;
    this.window = client.AllocID();
    client.CreateWindow(this.window, root, -10, -10, 1, 1, 0, 0, XC.InputOnly, 0, { eventMask: XC.PropertyChangeMask });
    // Replies-less requests report failures (e.g. BadWindow for a window that closed meanwhile) here.
    client.on('error', () => undefined);
    client.on('end', () => (this.closed = true));
  }

  static open(display = process.env.DISPLAY, timeoutMs = 2000): Promise<X11Link> {
    return new Promise((resolve, reject) => {
      if (!display) return reject(new Error('no X display (DISPLAY is unset)'));
      let settled = false;
      const timer = setTimeout(() => settle(new Error(`the X display ${display} did not answer`)), timeoutMs);
      const settle = (err: Error | null, link?: X11Link) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err || !link) reject(err ?? new Error('X11 connection failed'));
        else resolve(link);
      };
      const client = x11.createClient({ display, shm: false }, (err, d) => {
        if (err) return settle(err);
        settle(null, new X11Link(d.client, d.screen[0]?.root ?? 0));
      });
      client.once('error', (err: Error) => settle(err));
    });
  }

  call<T>(fn: (cb: (err: Error | null, v: T) => void) => void): Promise<T> {
    return new Promise((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v))));
  }

  async atom(name: string): Promise<number> {
    const known = this.atoms.get(name);
    if (known !== undefined) return known;
    const value = await this.call<number>((cb) => this.client.InternAtom(false, name, cb));
    this.atoms.set(name, value);
    return value;
  }

  getProperty(wid: number, prop: number, offsetWords = 0, lengthWords = 1 << 20): Promise<X11Property> {
    return this.call<X11Property>((cb) => this.client.GetProperty(0, wid, prop, XC.AnyPropertyType, offsetWords, lengthWords, cb));
  }

  /** The first event matching `match`, or undefined after `ms`. Subscribes before the caller acts. */
  waitEvent(match: (ev: X11Event) => boolean, ms: number): Promise<X11Event | undefined> {
    return new Promise((resolve) => {
      const onEvent = (ev: X11Event) => {
        if (!match(ev)) return;
        done(ev);
      };
      const done = (ev: X11Event | undefined) => {
        clearTimeout(timer);
        this.client.removeListener('event', onEvent);
        resolve(ev);
      };
      const timer = setTimeout(() => done(undefined), ms);
      this.client.on('event', onEvent);
    });
  }

  /** A 32-byte ClientMessage (format 32) for SendEvent. */
  clientMessage(wid: number, type: number, data: readonly number[]): Buffer {
    const b = Buffer.alloc(32);
    b[0] = 33;
    b[1] = 32;
    b.writeUInt32LE(wid >>> 0, 4);
    b.writeUInt32LE(type >>> 0, 8);
    data.slice(0, 5).forEach((v, i) => b.writeUInt32LE(v >>> 0, 12 + i * 4));
    return b;
  }

  /** Round trip: everything sent before it has been processed by the server. */
  async sync(): Promise<void> {
    await this.call((cb) => this.client.GetInputFocus(cb));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.client.DestroyWindow(this.window);
      this.client.close();
    } catch {
      this.client.terminate();
    }
  }
}
