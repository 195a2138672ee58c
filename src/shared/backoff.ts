/**
 * The one exponential backoff of the app: initialMs, initialMs·factor, … capped at maxMs. With
 * `jitter: 'equal'` half of each delay is fixed and half random, so many clients dropped together
 * do not retry in lockstep while each delay stays at least half its nominal value.
 */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  jitter?: 'none' | 'equal';
  random?: () => number;
}

/** Realtime reconnects (§1.7, §6.8): 1 s, 2 s, 4 s … capped at 30 s, jittered. */
export const RECONNECT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 30_000, factor: 2, jitter: 'equal' };

/** Delay before try number `attempt` (1-based). */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
  const initial = opts.initialMs ?? 1000;
  const max = opts.maxMs ?? 30_000;
  const nominal = Math.min(max, initial * (opts.factor ?? 2) ** (Math.max(1, attempt) - 1));
  if (opts.jitter !== 'equal') return nominal;
  const random = opts.random ?? Math.random;
  return Math.round(nominal / 2 + (random() * nominal) / 2);
}
