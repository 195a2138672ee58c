/**
 * The port through which text lands in another application: dictation uses it, and so does the
 * quick-query launcher's "Insert" / "Replace selection" actions. Implementations live beside it
 * (X11 first-class; other platforms by a decision table). No `electron` import here.
 *
 * Outcomes are only what was observed: `inserted` means a read of our clipboard by the target
 * window's client was seen after the paste chord, never "the chord was sent".
 */

/** The window that had focus when the user started (hotkey down, launcher opened). */
export interface InsertTarget {
  /** Platform window id (X11: the window XID in decimal). */
  readonly windowId: string;
  /** Window class used for per-app rules (X11: WM_CLASS class part, lowercased). */
  readonly windowClass: string;
}

export type InsertMode = 'insert' | 'copy-only' | 'insert-and-keep';

/**
 * When each step happened (performance.now() of the main process), for the benchmark's
 * `clipboard_restored_after_read_ms` (restoredAt - lastReadAt) and for diagnostics.
 */
export interface InsertTimings {
  readonly chordAt?: number;
  readonly firstReadAt?: number;
  readonly lastReadAt?: number;
  readonly restoredAt?: number;
  /** Number of read receipts (data requests from the target's client after the chord). */
  readonly reads?: number;
}

export type InsertOutcome =
  /** The target read the text after the chord; the previous clipboard was restored (mode insert). */
  | { readonly kind: 'inserted'; readonly chord: string; readonly restored: boolean; readonly timings?: InsertTimings }
  /** The text is on the clipboard by choice (copy-only) or as the safe fallback. */
  | { readonly kind: 'copied'; readonly reason: string; readonly timings?: InsertTimings }
  /** The chord was sent but no read was seen in time: the text is left on the clipboard. */
  | { readonly kind: 'unconfirmed'; readonly reason: string; readonly timings?: InsertTimings }
  | { readonly kind: 'failed'; readonly reason: string };

export interface InsertOptions {
  readonly mode: InsertMode;
  /** Press Enter after the paste (per-class setting; off by default). */
  readonly autoEnter?: boolean;
  readonly signal?: AbortSignal;
}

export interface TextInserter {
  /** Records the focused window; undefined where the platform cannot tell. */
  captureTarget(): Promise<InsertTarget | undefined>;
  /** Puts `text` into `target` (or only on the clipboard), reporting what was observed. */
  insert(text: string, target: InsertTarget | undefined, options: InsertOptions): Promise<InsertOutcome>;
  /**
   * After a `copied` / `unconfirmed` outcome the transcript is left on the clipboard: this puts the
   * user's previous clipboard back (the notice's "Restore previous clipboard"). False when there is
   * nothing to restore. Optional: inserters that cannot snapshot the clipboard omit it.
   */
  restorePreviousClipboard?(): Promise<boolean>;
  /** Releases the platform connection (X11: the X client); the clipboard we serve goes with it. */
  dispose?(): void;
}
