/**
 * Copies every target of the current CLIPBOARD owner (text, HTML, images…) into memory, including
 * large values the owner sends with the INCR protocol (ICCCM §2.7.2), so the user's clipboard can
 * be put back byte for byte after the transcript was pasted.
 */
import type { X11Event } from 'x11';
import { X, type X11Connection } from './x11-connection';

/** One target's value exactly as the owner served it. */
export interface ClipboardItem {
  readonly target: string;
  /** Property type atom name (e.g. UTF8_STRING, image/png, ATOM). */
  readonly type: string;
  readonly format: 8 | 16 | 32;
  readonly data: Buffer;
}

export interface ClipboardSnapshot {
  /** False when CLIPBOARD had no owner: restoring then means leaving it empty. */
  readonly hadOwner: boolean;
  readonly items: readonly ClipboardItem[];
  /** Targets the owner listed but did not deliver (refused, timed out, too large). */
  readonly skipped: readonly string[];
}

/** Targets that describe the selection or act on it rather than hold data. */
const META_TARGETS = new Set(['TARGETS', 'MULTIPLE', 'TIMESTAMP', 'SAVE_TARGETS', 'DELETE', 'INSERT_SELECTION', 'INSERT_PROPERTY']);

export interface SnapshotOptions {
  /** Per-target wait for the owner's answer (and between INCR chunks). */
  readonly targetTimeoutMs?: number;
  /** Values above this are skipped (memory bound); the rest of the clipboard is still kept. */
  readonly maxItemBytes?: number;
  /** A stuck owner must not hold the paste up: targets not read by then are skipped. */
  readonly totalBudgetMs?: number;
}

export async function snapshotClipboard(conn: X11Connection, opts: SnapshotOptions = {}): Promise<ClipboardSnapshot> {
  const clipboard = await conn.atom('CLIPBOARD');
  const owner = await conn.call<number>((cb) => conn.client.GetSelectionOwner(clipboard, cb));
  if (owner === X.None) return { hadOwner: false, items: [], skipped: [] };
  const reader = new SelectionReader(conn, opts.targetTimeoutMs ?? 1000, opts.maxItemBytes ?? 64 * 1024 * 1024);
  const time = await conn.serverTime();
  const targetsValue = await reader.convert(clipboard, await conn.atom('TARGETS'), time);
  if (!targetsValue || targetsValue.format !== 32) return { hadOwner: true, items: [], skipped: ['TARGETS'] };
  const items: ClipboardItem[] = [];
  const skipped: string[] = [];
  const deadline = performance.now() + (opts.totalBudgetMs ?? 2000);
  for (let i = 0; i + 4 <= targetsValue.data.length; i += 4) {
    const targetAtom = targetsValue.data.readUInt32LE(i);
    if (targetAtom === X.None) continue;
    const target = await conn.atomName(targetAtom);
    if (META_TARGETS.has(target) || items.some((it) => it.target === target)) continue;
    if (performance.now() > deadline) {
      skipped.push(target);
      continue;
    }
    const value = await reader.convert(clipboard, targetAtom, time).catch(() => undefined);
    if (!value) {
      skipped.push(target);
      continue;
    }
    items.push({ target, type: await conn.atomName(value.type), format: value.format as 8 | 16 | 32, data: value.data });
  }
  return { hadOwner: true, items, skipped };
}

interface RawValue {
  readonly type: number;
  readonly format: number;
  readonly data: Buffer;
}

/** Converts one target at a time into a property of our window and reads it back. */
class SelectionReader {
  constructor(
    private readonly conn: X11Connection,
    private readonly timeoutMs: number,
    private readonly maxBytes: number,
  ) {}

  async convert(selection: number, target: number, time: number): Promise<RawValue | undefined> {
    const conn = this.conn;
    const prop = await conn.atom('INWORLD_DESK_SNAPSHOT');
    const incr = await conn.atom('INCR');
    // Clear leftovers from an earlier, abandoned transfer before asking.
    conn.client.DeleteProperty(conn.window, prop);
    const queue = new PropertyQueue(conn, prop);
    try {
      // Arm the wait before asking, so a fast owner's answer cannot slip past.
      const answer = conn.waitEvent(
        (ev) => ev.type === X.ev.SelectionNotify && ev.requestor === conn.window && ev.target === target,
        this.timeoutMs,
      );
      conn.client.ConvertSelection(conn.window, selection, target, prop, time);
      const notify = await answer.catch(() => undefined);
      if (notify === undefined || notify.property === X.None) return undefined;
      const first = await conn.readProperty(conn.window, prop, false);
      if (first.type !== incr) {
        conn.client.DeleteProperty(conn.window, prop);
        return first.data.length > this.maxBytes ? undefined : first;
      }
      return await this.readIncr(queue, prop);
    } finally {
      queue.dispose();
    }
  }

  private async readIncr(queue: PropertyQueue, prop: number): Promise<RawValue | undefined> {
    const conn = this.conn;
    queue.clear();
    // Deleting the INCR property tells the owner to start sending chunks.
    conn.client.DeleteProperty(conn.window, prop);
    const chunks: Buffer[] = [];
    let size = 0;
    let type = 0;
    let format = 8;
    for (;;) {
      await queue.next(X.PropertyNewValue, this.timeoutMs);
      const chunk = await conn.readProperty(conn.window, prop, true);
      if (chunk.data.length === 0) break;
      type = chunk.type;
      format = chunk.format;
      size += chunk.data.length;
      if (size > this.maxBytes) return undefined;
      chunks.push(chunk.data);
    }
    return { type, format, data: Buffer.concat(chunks) };
  }
}

/** Buffers PropertyNotify events for one property of our window, so none is missed between reads. */
class PropertyQueue {
  private readonly seen: number[] = [];
  private waiter: ((state: number) => void) | undefined;
  private readonly onEvent = (ev: X11Event) => {
    if (ev.type !== X.ev.PropertyNotify || ev.wid !== this.conn.window || ev.atom !== this.prop) return;
    const state = ev.state ?? 0;
    if (this.waiter) this.waiter(state);
    else this.seen.push(state);
  };

  constructor(
    private readonly conn: X11Connection,
    private readonly prop: number,
  ) {
    conn.on('event', this.onEvent);
  }

  clear(): void {
    this.seen.length = 0;
  }

  next(state: number, ms: number): Promise<void> {
    const idx = this.seen.indexOf(state);
    if (idx >= 0) {
      this.seen.splice(0, idx + 1);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error('INCR transfer stalled'));
      }, ms);
      this.waiter = (s) => {
        if (s !== state) return;
        clearTimeout(timer);
        this.waiter = undefined;
        resolve();
      };
    });
  }

  dispose(): void {
    this.conn.off('event', this.onEvent);
  }
}

/** Reads one target of CLIPBOARD as any requesting app would (INCR included); undefined if refused. */
export async function readClipboardTarget(conn: X11Connection, target: string, timeoutMs = 2000): Promise<ClipboardItem | undefined> {
  const reader = new SelectionReader(conn, timeoutMs, 256 * 1024 * 1024);
  const value = await reader.convert(await conn.atom('CLIPBOARD'), await conn.atom(target), await conn.serverTime());
  if (!value) return undefined;
  return { target, type: await conn.atomName(value.type), format: value.format as 8 | 16 | 32, data: value.data };
}
