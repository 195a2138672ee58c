/**
 * §6.8: a server session expires (`expires_at`); the socket is replaced before that, but never in
 * the middle of a turn. Once told the session is expiring, it recycles at the first quiet moment,
 * checking again every `retryMs` while busy.
 */
export class ExpiryRecycler {
  private expiring = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly host: { busy(): boolean; closed(): boolean; recycle(): void },
    private readonly retryMs = 2000,
  ) {}

  /** The connection reported `expiring`. */
  expire(): void {
    this.expiring = true;
    this.tryNow();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private tryNow(): void {
    if (!this.expiring || this.host.closed()) return;
    if (this.host.busy()) {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        this.tryNow();
      }, this.retryMs);
      return;
    }
    this.expiring = false;
    this.host.recycle();
  }
}
