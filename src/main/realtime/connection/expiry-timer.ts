/**
 * Fires once, a minute before the server's `expires_at` (§6.8), so the socket can be replaced at a
 * quiet moment instead of being cut by the server. Re-armed by every `session.updated`.
 */
export class ExpiryTimer {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly onExpiring: () => void) {}

  /** `expiresAt` in seconds per the reference; anything unusable disarms. */
  arm(expiresAt: number | null | undefined, now = Date.now()): void {
    this.disarm();
    if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return;
    // One minute of margin, and never a busy loop on a value already past.
    const delay = Math.max(5_000, expiresAt * 1000 - now - 60_000);
    if (delay > 24 * 3600_000) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.onExpiring();
    }, delay);
    this.timer.unref?.();
  }

  disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
