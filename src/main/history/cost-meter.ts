import type { PriceTable } from '../../shared/history-settings';
import { turnCostUsd } from '../../shared/history-settings';
import type { TurnMetrics } from '../../shared/conversation';

export interface UsageTotals {
  sessionUsd: number;
  dayUsd: number;
  estimate: boolean;
  asOf: string;
}

/**
 * Prices each response's usage (from `response.done`) with the user's price table and keeps the
 * totals the status bar shows: this realtime session (reset by New conversation / Continue) and
 * today (local calendar day, started from what the history already holds for today).
 */
export class CostMeter {
  private sessionUsd = 0;
  private dayUsd: number;
  private day: number;

  constructor(
    private readonly prices: () => PriceTable,
    private readonly model: () => string,
    /** Cost already recorded since the given time (the history store), for today's baseline. */
    private readonly recordedSince: (since: number) => number,
    private readonly now: () => number = Date.now,
  ) {
    this.day = startOfDay(this.now());
    this.dayUsd = this.safeRecorded(this.day);
  }

  /** The cost of one response, added to the totals; undefined when unpriced. */
  price(metrics: TurnMetrics): number | undefined {
    const cost = turnCostUsd(this.prices(), this.model(), metrics.usage);
    if (cost === undefined) return undefined;
    this.rollDay();
    this.sessionUsd += cost;
    this.dayUsd += cost;
    return cost;
  }

  resetSession(): void {
    this.sessionUsd = 0;
  }

  totals(): UsageTotals {
    this.rollDay();
    const p = this.prices();
    return { sessionUsd: this.sessionUsd, dayUsd: this.dayUsd, estimate: p.estimate, asOf: p.asOf };
  }

  private rollDay(): void {
    const today = startOfDay(this.now());
    if (today === this.day) return;
    this.day = today;
    this.dayUsd = this.safeRecorded(today);
  }

  private safeRecorded(since: number): number {
    try {
      return this.recordedSince(since);
    } catch {
      return 0;
    }
  }
}

function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
