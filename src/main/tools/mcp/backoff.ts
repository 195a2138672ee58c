export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** Give up (state 'crashed') after this many failures in a row. */
  maxAttempts: number;
  /** A connection that stayed up this long resets the failure count. */
  stableAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 1000,
  maxMs: 60_000,
  factor: 2,
  maxAttempts: 10,
  stableAfterMs: 60_000,
};

/** Delay before restart number `failures` (1-based): initial, initial·factor, … capped at maxMs. */
export function backoffDelay(failures: number, opts: Pick<BackoffOptions, 'initialMs' | 'maxMs' | 'factor'>): number {
  const n = Math.max(1, failures);
  return Math.min(opts.maxMs, opts.initialMs * opts.factor ** (n - 1));
}
