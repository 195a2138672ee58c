// Sliding one-second packet counter for the packet budget (rule 26 of §7.4, §8). One instance is
// shared by all sessions of the simulator (the account-wide budget), one more per session (the
// optional per-session cap).

export class RateWindow {
  private times: number[] = [];

  constructor(readonly perSecond: number) {}

  /** Records one packet at `now` and says whether it is within the budget. */
  hit(now: number): boolean {
    const cutoff = now - 1000;
    let drop = 0;
    while (drop < this.times.length && (this.times[drop] as number) <= cutoff) drop++;
    if (drop > 0) this.times.splice(0, drop);
    if (this.times.length >= this.perSecond) return false;
    this.times.push(now);
    return true;
  }
}
