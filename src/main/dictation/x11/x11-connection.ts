/**
 * One connection to the X server through npm `x11`, with promise-returning requests, an atom cache,
 * a hidden helper window (requestor and selection owner) and real server timestamps (ICCCM asks
 * for them instead of CurrentTime when owning or converting a selection).
 */
import { EventEmitter } from 'node:events';
import * as x11 from 'x11';
import type { X11Display, X11Event, X11Property, XClient, XTestExt } from 'x11';

/** Core protocol constants used across the inserter. */
export const X = {
  None: 0,
  CurrentTime: 0,
  AnyPropertyType: 0,
  PointerRoot: 1,
  PropModeReplace: 0,
  PropModeAppend: 2,
  PropertyNewValue: 0,
  PropertyDelete: 1,
  PropertyChangeMask: 0x400000,
  InputOnly: 2,
  RevertToParent: 2,
  SubstructureRedirectMask: 0x100000,
  SubstructureNotifyMask: 0x80000,
  ev: { PropertyNotify: 28, SelectionClear: 29, SelectionRequest: 30, SelectionNotify: 31, ClientMessage: 33 },
} as const;

/** Bytes per GetProperty read; large values are read in slices of this size. */
const READ_SLICE_WORDS = 1 << 20;

export class X11Connection extends EventEmitter {
  /** The hidden InputOnly window this connection uses as selection owner and requestor. */
  readonly window: number;
  readonly root: number;
  /** Clients are told apart by their resource base: `(xid & ~resourceMask)` names the client. */
  readonly resourceMask: number;
  private readonly atomCache = new Map<string, number>();
  private readonly nameCache = new Map<number, string>();
  private xtestExt: XTestExt | undefined;
  private closed = false;
  /** Rejecters of requests still waiting for a reply: a dead server must not hang an insertion. */
  private readonly pending = new Set<(err: Error) => void>();

  private constructor(
    readonly client: XClient,
    readonly display: X11Display,
  ) {
    super();
    this.setMaxListeners(50);
    this.root = display.screen[0]?.root ?? 0;
    this.resourceMask = display.resource_mask;
    this.window = client.AllocID();
    client.CreateWindow(this.window, this.root, -10, -10, 1, 1, 0, 0, X.InputOnly, 0, {
      eventMask: X.PropertyChangeMask,
    });
    client.on('event', (ev: X11Event) => this.emit('event', ev));
    // Requests without replies report failures here (e.g. BadWindow when a requestor vanished);
    // they must never take the process down.
    client.on('error', (err: Error) => this.emit('x-error', err));
    client.on('end', () => this.markClosed());
  }

  static connect(displayName = process.env.DISPLAY): Promise<X11Connection> {
    return new Promise((resolve, reject) => {
      if (!displayName) {
        reject(new Error('no X display (DISPLAY is unset)'));
        return;
      }
      let settled = false;
      const client = x11.createClient({ display: displayName, shm: false }, (err, display) => {
        if (settled) return;
        settled = true;
        if (err) reject(err);
        else resolve(new X11Connection(display.client, display));
      });
      client.once('error', (err: Error) => {
        if (settled) return;
        settled = true;
        reject(err);
      });
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Same X client? Compares the resource-base part of two XIDs. */
  sameClient(a: number, b: number): boolean {
    const base = ~this.resourceMask >>> 0;
    return ((a & base) >>> 0) === ((b & base) >>> 0);
  }

  call<T>(fn: (cb: (err: Error | null, v: T) => void) => void): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the X connection is closed'));
    return new Promise((resolve, reject) => {
      this.pending.add(reject);
      fn((err, v) => {
        this.pending.delete(reject);
        if (err) reject(err);
        else resolve(v);
      });
    });
  }

  private markClosed(): void {
    if (this.closed && this.pending.size === 0) return;
    this.closed = true;
    const err = new Error('the X connection is closed');
    for (const reject of this.pending) reject(err);
    this.pending.clear();
    this.emit('closed');
  }

  async atom(name: string): Promise<number> {
    const cached = this.atomCache.get(name);
    if (cached !== undefined) return cached;
    const value = await this.call<number>((cb) => this.client.InternAtom(false, name, cb));
    this.atomCache.set(name, value);
    this.nameCache.set(value, name);
    return value;
  }

  async atomName(atom: number): Promise<string> {
    const cached = this.nameCache.get(atom);
    if (cached !== undefined) return cached;
    const name = await this.call<string>((cb) => this.client.GetAtomName(atom, cb));
    this.nameCache.set(atom, name);
    this.atomCache.set(name, atom);
    return name;
  }

  /** Reads a whole property (in slices), optionally deleting it afterwards. */
  async readProperty(wid: number, prop: number, del = false): Promise<X11Property> {
    const chunks: Buffer[] = [];
    let offset = 0;
    for (;;) {
      const p = await this.call<X11Property>((cb) =>
        this.client.GetProperty(0, wid, prop, X.AnyPropertyType, offset, READ_SLICE_WORDS, cb),
      );
      chunks.push(Buffer.from(p.data));
      offset += p.data.length / 4;
      if (p.bytesAfter === 0 || p.data.length === 0) {
        if (del) this.client.DeleteProperty(wid, prop);
        return { type: p.type, format: p.format, bytesAfter: 0, data: Buffer.concat(chunks) };
      }
    }
  }

  /** A real server timestamp: append nothing to a property of our window, read the notify's time. */
  async serverTime(): Promise<number> {
    const prop = await this.atom('INWORLD_DESK_TIMESTAMP');
    const type = await this.atom('INTEGER');
    const time = this.waitEvent(
      (ev) => ev.type === X.ev.PropertyNotify && ev.wid === this.window && ev.atom === prop,
      1000,
    );
    this.client.ChangeProperty(X.PropModeAppend, this.window, prop, type, 32, Buffer.alloc(0));
    return (await time).time ?? X.CurrentTime;
  }

  /** Resolves with the first event matching `match`, or rejects after `ms`. */
  waitEvent(match: (ev: X11Event) => boolean, ms: number, signal?: AbortSignal): Promise<X11Event> {
    return new Promise((resolve, reject) => {
      const onEvent = (ev: X11Event) => {
        if (!match(ev)) return;
        cleanup();
        resolve(ev);
      };
      const onAbort = () => {
        cleanup();
        reject(new Error('aborted'));
      };
      const onClosed = () => {
        cleanup();
        reject(new Error('the X connection is closed'));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${ms} ms`));
      }, ms);
      const cleanup = () => {
        clearTimeout(timer);
        this.off('event', onEvent);
        this.off('closed', onClosed);
        signal?.removeEventListener('abort', onAbort);
      };
      this.on('event', onEvent);
      this.once('closed', onClosed);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  async xtest(): Promise<XTestExt> {
    if (!this.xtestExt) this.xtestExt = await this.call<XTestExt>((cb) => this.client.require('xtest', cb));
    return this.xtestExt;
  }

  /** Round trip: every request sent so far has been processed by the server. */
  sync(): Promise<void> {
    return this.call<void>((cb) => this.client.GetInputFocus((err) => cb(err, undefined)));
  }

  close(): void {
    if (this.closed) return;
    this.markClosed();
    try {
      this.client.DestroyWindow(this.window);
      this.client.terminate();
    } catch {
      // the socket is already gone
    }
  }
}
