/**
 * Read receipts: decides when the target application has finished reading the transcript from our
 * clipboard. Only a data request (not TARGETS) from the target window's own X client, arriving after
 * the paste chord, counts; Chromium reads in a burst, so we wait for ~200 ms of quiet after the last
 * receipt. Clipboard watchers (other clients) never count. Pure logic over reported requests.
 */
import type { SelectionRequestSeen } from './clipboard-owner';

export type ReceiptResult =
  /** The target read; `lastReadAt` is followed by `quietMs` without another read. */
  | { readonly kind: 'read'; readonly firstReadAt: number; readonly lastReadAt: number; readonly reads: number }
  /** No receipt within the deadline. */
  | { readonly kind: 'timeout' }
  /** Someone else took the clipboard before the burst ended (their copy wins; never restore). */
  | { readonly kind: 'lost'; readonly firstReadAt?: number; readonly lastReadAt?: number; readonly reads: number }
  | { readonly kind: 'aborted' };

export interface ReceiptOptions {
  /** X client test: true when `requestor` belongs to the same client as the target window. */
  readonly sameClient: (requestor: number) => boolean;
  /** performance.now() at the moment the chord was sent; earlier requests never count. */
  readonly chordAt: number;
  readonly quietMs: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export class ReceiptWatch {
  private firstReadAt: number | undefined;
  private lastReadAt: number | undefined;
  private reads = 0;
  private quietTimer: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private settle: ((r: ReceiptResult) => void) | undefined;
  readonly result: Promise<ReceiptResult>;
  /** Every request seen while watching, for diagnostics and tests. */
  readonly seen: SelectionRequestSeen[] = [];

  constructor(private readonly opts: ReceiptOptions) {
    this.result = new Promise((resolve) => {
      this.settle = (r) => {
        this.stop();
        this.settle = undefined;
        resolve(r);
      };
    });
    this.deadline = setTimeout(() => this.settle?.({ kind: 'timeout' }), opts.timeoutMs);
    opts.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Feed every request the clipboard owner saw. */
  request(req: SelectionRequestSeen): void {
    if (!this.settle) return;
    this.seen.push(req);
    if (!isReceipt(req, this.opts)) return;
    this.reads++;
    this.firstReadAt ??= req.at;
    this.lastReadAt = req.at;
    // The first receipt ends the no-read deadline; from now on only quiet matters.
    if (this.deadline) clearTimeout(this.deadline);
    this.deadline = undefined;
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.finishRead(), this.opts.quietMs);
  }

  /** Feed: we lost CLIPBOARD ownership (another client copied). */
  lost(): void {
    this.settle?.({ kind: 'lost', firstReadAt: this.firstReadAt, lastReadAt: this.lastReadAt, reads: this.reads });
  }

  private finishRead(): void {
    if (this.firstReadAt === undefined || this.lastReadAt === undefined) return;
    this.settle?.({ kind: 'read', firstReadAt: this.firstReadAt, lastReadAt: this.lastReadAt, reads: this.reads });
  }

  private readonly onAbort = () => this.settle?.({ kind: 'aborted' });

  private stop(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    if (this.deadline) clearTimeout(this.deadline);
    this.opts.signal?.removeEventListener('abort', this.onAbort);
  }
}

/** A receipt: a served data request from the target's client after the chord. */
export function isReceipt(req: SelectionRequestSeen, opts: Pick<ReceiptOptions, 'sameClient' | 'chordAt'>): boolean {
  return req.isData && req.served && req.at >= opts.chordAt && opts.sameClient(req.requestor);
}
