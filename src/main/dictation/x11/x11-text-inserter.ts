/**
 * TextInserter for X11: clipboard + paste chord, sequenced by read receipts instead of timed guesses.
 *
 * 1. The target (focused window + class) is recorded at hotkey-down.
 * 2. insert(): give focus back to the target if it moved (verified), else copy-only.
 * 3. Snapshot every target of the current CLIPBOARD, then own CLIPBOARD with the transcript.
 * 4. Wait until no modifier is held (keymap query, ≤ 1.5 s, else copy-only), send the class's chord
 *    with XTest.
 * 5. A data request from the target window's own client after the chord is a receipt; 200 ms after
 *    the last one, restore the snapshot — unless someone else copied meanwhile (their copy wins).
 *    An empty clipboard is left empty. No receipt within 3 s: the text stays on the clipboard.
 */
import type { InsertOptions, InsertOutcome, InsertTarget, InsertTimings, TextInserter } from '../text-inserter';
import { pasteDecision, type PasteRules } from '../paste-rules';
import { X11Connection } from './x11-connection';
import { ClipboardOwner, textItems, type SelectionRequestSeen } from './clipboard-owner';
import { snapshotClipboard, type ClipboardItem, type ClipboardSnapshot } from './clipboard-snapshot';
import { XTestKeyboard } from './xtest-keyboard';
import { WindowFocus } from './window-focus';
import { ReceiptWatch } from './read-receipts';

export interface X11InserterOptions {
  /** X display (default: $DISPLAY). */
  readonly display?: string;
  /** Per-class chord / auto-Enter rules, read at each insertion (settings can change). */
  readonly rules?: () => PasteRules;
  /** Quiet after the last receipt before restoring (ms). */
  readonly quietMs?: number;
  /** No receipt within this long after the chord → unconfirmed (ms). */
  readonly receiptTimeoutMs?: number;
  /** Longest wait for the user's modifiers to come up before giving up to copy-only (ms). */
  readonly modifierTimeoutMs?: number;
  readonly logger?: { warn(msg: string, meta?: unknown): void };
}

interface Parts {
  readonly conn: X11Connection;
  readonly owner: ClipboardOwner;
  readonly keyboard: XTestKeyboard;
  readonly focus: WindowFocus;
}

export class X11TextInserter implements TextInserter {
  private parts: Promise<Parts> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** The clipboard as it was before the last insertion that left the transcript on it. */
  private previous: ClipboardSnapshot | undefined;
  /** Requests seen during the last insertion (diagnostics and tests). */
  lastRequests: readonly SelectionRequestSeen[] = [];

  constructor(private readonly opts: X11InserterOptions = {}) {}

  async captureTarget(): Promise<InsertTarget | undefined> {
    try {
      const { focus } = await this.connect();
      const f = await focus.focused();
      return f ? { windowId: String(f.window), windowClass: f.windowClass } : undefined;
    } catch (err) {
      this.opts.logger?.warn('x11: cannot read the focused window', { err: String(err) });
      return undefined;
    }
  }

  insert(text: string, target: InsertTarget | undefined, options: InsertOptions): Promise<InsertOutcome> {
    // One insertion at a time: two interleaved ones would snapshot each other's transcript.
    const run = this.queue.then(() => this.insertNow(text, target, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Puts the clipboard from before the last unconfirmed/copied insertion back ("restore previous"). */
  async restorePreviousClipboard(): Promise<boolean> {
    const snap = this.previous;
    if (!snap) return false;
    const { owner } = await this.connect();
    this.previous = undefined;
    return restore(owner, snap);
  }

  /**
   * On quit: hand what we serve (a restored clipboard, or a transcript left there) to the clipboard
   * manager if one runs, then close the X connection. Await it before the process exits. Says what
   * became of the clipboard: `orphaned` holds what we served that no manager took (it goes with us).
   */
  async shutdown(): Promise<{ handedOff: boolean; orphaned?: readonly ClipboardItem[] }> {
    const parts = this.parts;
    this.parts = undefined;
    const p = await parts?.catch(() => undefined);
    if (!p) return { handedOff: false };
    await this.queue.catch(() => undefined);
    const served = p.owner.owning ? p.owner.content : undefined;
    const handedOff = await p.owner.handOff().catch(() => false);
    p.owner.dispose();
    p.conn.close();
    return { handedOff, ...(!handedOff && served?.length ? { orphaned: served } : {}) };
  }

  dispose(): void {
    void this.shutdown();
  }

  private connect(): Promise<Parts> {
    if (!this.parts) {
      const parts = X11Connection.connect(this.opts.display).then((conn) => {
        const keyboard = new XTestKeyboard(conn);
        conn.on('x-error', (err: unknown) => this.opts.logger?.warn('x11: request failed', { err: String(err) }));
        // A keyboard layout switch changes keycodes (MappingNotify).
        conn.on('event', (ev: { type: number }) => ev.type === 34 && keyboard.invalidate());
        conn.once('closed', () => {
          if (this.parts === parts) this.parts = undefined;
        });
        return { conn, owner: new ClipboardOwner(conn), keyboard, focus: new WindowFocus(conn) };
      });
      parts.catch(() => {
        if (this.parts === parts) this.parts = undefined;
      });
      this.parts = parts;
    }
    return this.parts;
  }

  private async insertNow(text: string, target: InsertTarget | undefined, options: InsertOptions): Promise<InsertOutcome> {
    if (text.length === 0) return { kind: 'failed', reason: 'nothing to insert (empty text)' };
    let parts: Parts;
    try {
      parts = await this.connect();
    } catch (err) {
      return { kind: 'failed', reason: `cannot reach the X display: ${String(err)}` };
    }
    try {
      const outcome = await this.sequence(parts, text, target, options);
      // Whatever we observed, a dead X connection took our clipboard with it: say so.
      if (parts.conn.isClosed && outcome.kind !== 'inserted') return { kind: 'failed', reason: 'the X connection closed: the text could not be kept on the clipboard' };
      return outcome;
    } catch (err) {
      if (parts.conn.isClosed) return { kind: 'failed', reason: `the X connection closed: ${String(err)}` };
      // Never lose the words: whatever broke, try to leave them on the clipboard.
      const kept = await parts.owner.acquire(textItems(text)).catch(() => false);
      return kept
        ? { kind: 'copied', reason: `insertion failed (${String(err)}); the text is on the clipboard` }
        : { kind: 'failed', reason: `insertion failed: ${String(err)}` };
    }
  }

  private async sequence(p: Parts, text: string, target: InsertTarget | undefined, options: InsertOptions): Promise<InsertOutcome> {
    const { owner, keyboard, focus, conn } = p;
    // Read the user's clipboard while the focus is being checked: both are round trips.
    const snapping = this.snapshot(p);
    snapping.catch(() => undefined);
    const copy = async (reason: string): Promise<InsertOutcome> => {
      const snap = await snapping.catch(() => undefined);
      if (!owner.owning || owner.content?.[0]?.data.toString('utf8') !== text) {
        if (!(await owner.acquire(textItems(text)))) return { kind: 'failed', reason: `${reason}; and the clipboard could not be set` };
      }
      // The user's clipboard, for "restore previous clipboard" from the notice.
      if (snap) this.previous = snap;
      return { kind: 'copied', reason };
    };

    if (options.mode === 'copy-only') return copy('copy-only mode: the text is on the clipboard');
    if (!target) return copy('no target window was recorded: the text is on the clipboard');
    const window = Number(target.windowId);
    if (!Number.isInteger(window) || window <= 0) return copy(`bad target window id "${target.windowId}"`);
    if (!(await focus.isFocused(window)) && !(await focus.activate(window))) {
      return copy('the target window lost focus and could not be given it back: the text is on the clipboard');
    }

    const rule = pasteDecision(target.windowClass, this.opts.rules?.() ?? {});
    const autoEnter = options.autoEnter ?? rule.autoEnter;
    if (!(await keyboard.canType(rule.chord))) return copy(`the keyboard mapping has no keys for ${rule.chord}`);

    const snap = await snapping;
    if (!(await owner.acquire(textItems(text)))) return { kind: 'failed', reason: 'could not take the clipboard' };

    const released = await keyboard.waitModifiersReleased(this.opts.modifierTimeoutMs ?? 1500, options.signal);
    if (options.signal?.aborted) return copy('cancelled before the paste: the text is on the clipboard');
    if (!released) return copy('a modifier key was still held, so no paste was sent: the text is on the clipboard');
    if (!(await focus.isFocused(window))) return copy('focus moved before the paste: the text is on the clipboard');
    // Someone copied while we waited for the keys: a chord now would paste *their* clipboard.
    if (!owner.owning) return { kind: 'failed', reason: 'another app took the clipboard before the paste, so nothing was pasted' };

    const chordAt = performance.now();
    const watch = new ReceiptWatch({
      sameClient: (requestor) => conn.sameClient(requestor, window),
      chordAt,
      quietMs: this.opts.quietMs ?? 200,
      timeoutMs: this.opts.receiptTimeoutMs ?? 3000,
      signal: options.signal,
    });
    const onRequest = (r: SelectionRequestSeen) => watch.request(r);
    const onLost = () => watch.lost();
    owner.on('request', onRequest);
    owner.on('lost', onLost);
    let result;
    try {
      await keyboard.send(rule.chord);
      result = await watch.result;
    } finally {
      owner.off('request', onRequest);
      owner.off('lost', onLost);
      this.lastRequests = watch.seen;
    }

    const timings: InsertTimings = {
      chordAt,
      firstReadAt: 'firstReadAt' in result ? result.firstReadAt : undefined,
      lastReadAt: 'lastReadAt' in result ? result.lastReadAt : undefined,
      reads: 'reads' in result ? result.reads : 0,
    };
    if (result.kind === 'timeout' || result.kind === 'aborted') {
      this.previous = snap;
      const why = result.kind === 'timeout' ? `no read by the target within ${this.opts.receiptTimeoutMs ?? 3000} ms` : 'cancelled';
      return { kind: 'unconfirmed', reason: `${why}: the text is on the clipboard — press ${chordLabel(rule.chord)}`, timings };
    }
    if (result.kind === 'lost') {
      // Another app copied during the wait: its clipboard stays; never restore over it.
      if (result.reads > 0) return { kind: 'inserted', chord: rule.chord, restored: false, timings };
      return { kind: 'unconfirmed', reason: 'another app took the clipboard before the target read the text', timings };
    }

    if (autoEnter && (await keyboard.waitModifiersReleased(500)) && (await focus.isFocused(window))) {
      await keyboard.send('return');
    }
    if (options.mode === 'insert-and-keep') return { kind: 'inserted', chord: rule.chord, restored: false, timings };
    const restored = owner.owning && (await restore(owner, snap));
    return { kind: 'inserted', chord: rule.chord, restored, timings: { ...timings, restoredAt: restored ? performance.now() : undefined } };
  }

  /** The clipboard now; when we are its owner (an earlier restore), what we serve is the truth. */
  private async snapshot(p: Parts): Promise<ClipboardSnapshot> {
    if (p.owner.owning && p.owner.content) return { hadOwner: true, items: p.owner.content, skipped: [] };
    return snapshotClipboard(p.conn);
  }
}

/** "ctrl+shift+v" → "Ctrl+Shift+V", for the notice. */
function chordLabel(chord: string): string {
  return chord.split('+').map((k) => (k.length === 1 ? k.toUpperCase() : k[0]?.toUpperCase() + k.slice(1))).join('+');
}

/** Serves the snapshot again, or leaves the clipboard empty when it was empty. */
async function restore(owner: ClipboardOwner, snap: ClipboardSnapshot): Promise<boolean> {
  if (!snap.hadOwner || snap.items.length === 0) {
    await owner.release();
    return true;
  }
  return owner.acquire(snap.items);
}
