/**
 * Reconnect delays (§1.7, §6.8): 1 s, 2 s, 4 s … capped at 30 s, with "equal jitter" (half fixed,
 * half random) so that many clients dropped together do not reconnect in lockstep, while each
 * delay stays at least half its nominal value.
 */
export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  random?: () => number;
}

export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
  const base = opts.baseMs ?? 1000;
  const max = opts.maxMs ?? 30_000;
  const random = opts.random ?? Math.random;
  const nominal = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(nominal / 2 + (random() * nominal) / 2);
}
