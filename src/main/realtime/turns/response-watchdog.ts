/**
 * Notices a response the server stopped working on: from response.create until response.done,
 * every response event restarts a countdown; when it runs out (no event for `timeoutMs`) the
 * session cancels the response and tells the user, with a way to ask again. 0 switches it off.
 */
export class ResponseWatchdog {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly timeoutMs: () => number,
    private readonly onStall: () => void,
  ) {}

  /** A response is expected or just produced an event. */
  kick(): void {
    this.stop();
    const ms = this.timeoutMs();
    if (!(ms > 0)) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onStall();
    }, ms);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  get armed(): boolean {
    return this.timer !== undefined;
  }
}

export const STALLED_MESSAGE = 'The server stopped answering, so the answer was cancelled.';
