/**
 * Owns CLIPBOARD and answers other clients' requests for it (ICCCM §2.2–2.7): TARGETS, TIMESTAMP
 * and each data target, with INCR for values too large for one request. Every request is reported
 * (who asked, for what, when), which is how the inserter sees the target app read the transcript.
 */
import { EventEmitter } from 'node:events';
import type { X11Event } from 'x11';
import { X, type X11Connection } from './x11-connection';
import type { ClipboardItem } from './clipboard-snapshot';

/** Largest property write in one request: below the 256 KiB core limit, as ICCCM advises. */
const INCR_CHUNK_BYTES = 64 * 1024;
/** A requestor that stops deleting the property for this long is abandoned. */
const INCR_STALL_MS = 5000;

export interface SelectionRequestSeen {
  readonly requestor: number;
  /** Target name, e.g. TARGETS, UTF8_STRING, image/png. */
  readonly target: string;
  /** True for a request for data (not TARGETS / TIMESTAMP / MULTIPLE). */
  readonly isData: boolean;
  /** performance.now() when the request reached us. */
  readonly at: number;
  readonly served: boolean;
}

interface Served {
  readonly item: ClipboardItem;
  readonly typeAtom: number;
}

interface IncrTransfer {
  readonly requestor: number;
  readonly property: number;
  readonly served: Served;
  offset: number;
  timer: NodeJS.Timeout;
}

/** The text targets a transcript is offered under; all carry UTF-8 except STRING (Latin-1). */
export function textItems(text: string): ClipboardItem[] {
  const utf8 = Buffer.from(text, 'utf8');
  return [
    { target: 'UTF8_STRING', type: 'UTF8_STRING', format: 8, data: utf8 },
    { target: 'text/plain;charset=utf-8', type: 'text/plain;charset=utf-8', format: 8, data: utf8 },
    { target: 'text/plain', type: 'text/plain', format: 8, data: utf8 },
    { target: 'TEXT', type: 'UTF8_STRING', format: 8, data: utf8 },
    { target: 'STRING', type: 'STRING', format: 8, data: latin1(text) },
  ];
}

/** STRING is ISO Latin-1 (ICCCM): characters outside it become '?'. */
function latin1(text: string): Buffer {
  return Buffer.from(Array.from(text, (ch) => ((ch.codePointAt(0) ?? 63) > 0xff ? '?' : ch)).join(''), 'latin1');
}

export class ClipboardOwner extends EventEmitter {
  private served = new Map<number, Served>();
  private items: readonly ClipboardItem[] | undefined;
  private acquiredAt = 0;
  private readonly transfers = new Map<string, IncrTransfer>();
  private atoms: { clipboard: number; targets: number; timestamp: number; multiple: number; atom: number; integer: number; incr: number } | undefined;
  private readonly onEvent = (ev: X11Event) => this.handle(ev);

  constructor(private readonly conn: X11Connection) {
    super();
    conn.on('event', this.onEvent);
  }

  /** Whether we own CLIPBOARD right now (no one took it since our last acquire). */
  get owning(): boolean {
    return this.items !== undefined;
  }

  /** What we are serving now (undefined when not owning). */
  get content(): readonly ClipboardItem[] | undefined {
    return this.items;
  }

  /** Takes CLIPBOARD with `items` (or swaps what we serve if we own it already) and verifies it. */
  async acquire(items: readonly ClipboardItem[]): Promise<boolean> {
    const a = await this.ensureAtoms();
    const served = new Map<number, Served>();
    for (const item of items) {
      served.set(await this.conn.atom(item.target), { item, typeAtom: await this.conn.atom(item.type) });
    }
    const time = await this.conn.serverTime();
    this.served = served;
    this.items = items;
    this.acquiredAt = time;
    this.conn.client.SetSelectionOwner(this.conn.window, a.clipboard, time);
    const owner = await this.conn.call<number>((cb) => this.conn.client.GetSelectionOwner(a.clipboard, cb));
    if (owner !== this.conn.window) {
      this.items = undefined;
      return false;
    }
    return true;
  }

  /** Gives CLIPBOARD up (leaves it empty) if we still own it. */
  async release(): Promise<void> {
    const a = await this.ensureAtoms();
    if (!this.owning) return;
    this.items = undefined;
    this.served = new Map();
    this.conn.client.SetSelectionOwner(X.None, a.clipboard, await this.conn.serverTime());
    await this.conn.sync();
  }

  /**
   * Before we exit, ask the clipboard manager (ICCCM: the CLIPBOARD_MANAGER owner) to copy what we
   * serve, so the user's clipboard outlives this process. True when a manager confirmed it.
   */
  async handOff(timeoutMs = 2000): Promise<boolean> {
    if (!this.owning) return false;
    const c = this.conn;
    const manager = await c.atom('CLIPBOARD_MANAGER');
    if ((await c.call<number>((cb) => c.client.GetSelectionOwner(manager, cb))) === X.None) return false;
    const saveTargets = await c.atom('SAVE_TARGETS');
    const prop = await c.atom('INWORLD_DESK_SAVE');
    const done = c.waitEvent((ev) => ev.type === X.ev.SelectionNotify && ev.selection === manager && ev.target === saveTargets, timeoutMs);
    c.client.ConvertSelection(c.window, manager, saveTargets, prop, await c.serverTime());
    const reply = await done.catch(() => undefined);
    return reply !== undefined && reply.property !== X.None;
  }

  dispose(): void {
    this.conn.off('event', this.onEvent);
    for (const t of this.transfers.values()) clearTimeout(t.timer);
    this.transfers.clear();
  }

  private async ensureAtoms() {
    if (!this.atoms) {
      const c = this.conn;
      this.atoms = {
        clipboard: await c.atom('CLIPBOARD'),
        targets: await c.atom('TARGETS'),
        timestamp: await c.atom('TIMESTAMP'),
        multiple: await c.atom('MULTIPLE'),
        atom: await c.atom('ATOM'),
        integer: await c.atom('INTEGER'),
        incr: await c.atom('INCR'),
      };
    }
    return this.atoms;
  }

  private handle(ev: X11Event): void {
    const a = this.atoms;
    if (!a) return;
    if (ev.type === X.ev.SelectionClear && ev.owner === this.conn.window && ev.selection === a.clipboard) {
      this.items = undefined;
      this.served = new Map();
      this.emit('lost');
    } else if (ev.type === X.ev.SelectionRequest && ev.owner === this.conn.window) {
      this.answer(ev, a);
    } else if (ev.type === X.ev.PropertyNotify && ev.state === X.PropertyDelete) {
      const t = this.transfers.get(`${ev.wid}:${ev.atom}`);
      if (t) this.sendChunk(t);
    }
  }

  private answer(ev: X11Event, a: NonNullable<ClipboardOwner['atoms']>): void {
    const at = performance.now();
    const requestor = ev.requestor ?? 0;
    const target = ev.target ?? 0;
    // Obsolete clients send property None: ICCCM says use the target atom as the property.
    const property = ev.property || target;
    const served = this.served.get(target);
    const isMeta = target === a.targets || target === a.timestamp || target === a.multiple;
    const name = target === a.targets ? 'TARGETS' : target === a.timestamp ? 'TIMESTAMP' : target === a.multiple ? 'MULTIPLE' : (served?.item.target ?? `atom:${target}`);
    const c = this.conn.client;
    let ok = false;
    const valid = ev.selection === a.clipboard && this.owning && !(ev.time && ev.time < this.acquiredAt);
    if (valid && target === a.targets) {
      c.ChangeProperty(X.PropModeReplace, requestor, property, a.atom, 32, [a.targets, a.timestamp, ...this.served.keys()]);
      ok = true;
    } else if (valid && target === a.timestamp) {
      c.ChangeProperty(X.PropModeReplace, requestor, property, a.integer, 32, [this.acquiredAt]);
      ok = true;
    } else if (valid && served) {
      if (served.item.data.length > INCR_CHUNK_BYTES) this.startIncr(requestor, property, served, a.incr);
      else c.ChangeProperty(X.PropModeReplace, requestor, property, served.typeAtom, served.item.format, served.item.data);
      ok = true;
    }
    this.notify(requestor, ev.selection ?? 0, target, ok ? property : X.None, ev.time ?? 0);
    this.emit('request', { requestor, target: name, isData: !isMeta, at, served: ok } satisfies SelectionRequestSeen);
  }

  private startIncr(requestor: number, property: number, served: Served, incrAtom: number): void {
    const c = this.conn.client;
    const key = `${requestor}:${property}`;
    const old = this.transfers.get(key);
    if (old) clearTimeout(old.timer);
    // We must hear the requestor delete the property: select PropertyChange on its window first.
    if (requestor !== this.conn.window) c.ChangeWindowAttributes(requestor, { eventMask: X.PropertyChangeMask });
    const t: IncrTransfer = { requestor, property, served, offset: 0, timer: this.stallTimer(key) };
    this.transfers.set(key, t);
    c.ChangeProperty(X.PropModeReplace, requestor, property, incrAtom, 32, [served.item.data.length]);
  }

  private sendChunk(t: IncrTransfer): void {
    const key = `${t.requestor}:${t.property}`;
    clearTimeout(t.timer);
    const data = t.served.item.data;
    const chunk = data.subarray(t.offset, t.offset + INCR_CHUNK_BYTES);
    this.conn.client.ChangeProperty(X.PropModeReplace, t.requestor, t.property, t.served.typeAtom, t.served.item.format, chunk);
    if (chunk.length === 0) {
      // The zero-length write ends the transfer.
      this.transfers.delete(key);
      if (t.requestor !== this.conn.window) this.conn.client.ChangeWindowAttributes(t.requestor, { eventMask: 0 });
      return;
    }
    t.offset += chunk.length;
    t.timer = this.stallTimer(key);
  }

  private stallTimer(key: string): NodeJS.Timeout {
    const timer = setTimeout(() => this.transfers.delete(key), INCR_STALL_MS);
    timer.unref();
    return timer;
  }

  private notify(requestor: number, selection: number, target: number, property: number, time: number): void {
    const b = Buffer.alloc(32);
    b[0] = X.ev.SelectionNotify;
    b.writeUInt32LE(time >>> 0, 4);
    b.writeUInt32LE(requestor >>> 0, 8);
    b.writeUInt32LE(selection >>> 0, 12);
    b.writeUInt32LE(target >>> 0, 16);
    b.writeUInt32LE(property >>> 0, 20);
    this.conn.client.SendEvent(requestor, false, 0, b);
  }
}
