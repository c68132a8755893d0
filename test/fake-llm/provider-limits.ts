// The provider's own limits, enforced as a real provider does: a request beyond its concurrency or
// its requests in any rolling minute is answered 429 at once. It counts only what it accepts (a
// refused request uses none of the limits), and remembers when every request arrived, so a test
// can ask the most that arrived within any minute.

export const MINUTE_MS = 60_000;

export interface ProviderLimitSettings {
  /** requests answered at once, at most */
  concurrency?: number;
  /** requests accepted in any rolling 60 s, at most */
  requestsPerMinute?: number;
}

export class ProviderLimits {
  /** when each request arrived (performance clock, ms), accepted or not */
  readonly arrivals: number[] = [];
  rejected = 0;
  private answering = 0;
  private readonly accepted: number[] = [];

  /** Counts a request in; false: over a limit, answer 429. An accepted one calls the returned done() once answered. */
  admit(settings: ProviderLimitSettings | undefined): (() => void) | undefined {
    const now = performance.now();
    this.arrivals.push(now);
    while (this.accepted.length > 0 && this.accepted[0] <= now - MINUTE_MS) this.accepted.shift();
    const tooMany = settings?.concurrency !== undefined && this.answering >= settings.concurrency;
    const tooFast = settings?.requestsPerMinute !== undefined && this.accepted.length >= settings.requestsPerMinute;
    if (tooMany || tooFast) {
      this.rejected++;
      return undefined;
    }
    if (settings?.requestsPerMinute !== undefined) this.accepted.push(now);
    this.answering++;
    return () => this.answering--;
  }

  /** The most requests that arrived within any `windowMs`. */
  mostInAnyWindow(windowMs = MINUTE_MS): number {
    let most = 0;
    for (let first = 0, last = 0; last < this.arrivals.length; last++) {
      while (this.arrivals[last] - this.arrivals[first] >= windowMs) first++;
      most = Math.max(most, last - first + 1);
    }
    return most;
  }
}
