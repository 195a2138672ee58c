/**
 * Notices a response the server stopped working on: from response.create until response.done,
 * every response event restarts a countdown; when it runs out (no event for `timeoutMs`) the
 * session cancels the response and tells the user, with a way to ask again. 0 switches it off.
 *
 * A kick comes with every response event — thousands a minute while audio streams — so it only
 * notes the time: one timer stays armed, and when it fires early (events came since) it re-arms
 * for what is left instead of being cleared and re-created per event (measured in the peers bench).
 */
export class ResponseWatchdog {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastKickAt = 0;

  constructor(
    private readonly timeoutMs: () => number,
    private readonly onStall: () => void,
  ) {}

  /** A response is expected or just produced an event. */
  kick(): void {
    const ms = this.timeoutMs();
    if (!(ms > 0)) return this.stop();
    this.lastKickAt = Date.now();
    if (!this.timer) this.arm(ms);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  get armed(): boolean {
    return this.timer !== undefined;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const limit = this.timeoutMs();
      if (!(limit > 0)) return;
      const left = this.lastKickAt + limit - Date.now();
      if (left > 0) return this.arm(left);
      this.onStall();
    }, ms);
    this.timer.unref?.();
  }
}

export const STALLED_MESSAGE = 'The server stopped answering, so the answer was cancelled.';
