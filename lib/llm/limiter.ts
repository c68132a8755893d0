import { LlmError } from "./errors";

// Keeps one endpoint within what its owner allows: at most maxConcurrency calls in flight, and at
// most requestsPerMinute calls started in any rolling 60 s window (a sliding log of start times, so
// a burst at the end of one minute and the start of the next cannot double the rate). Callers wait
// in FIFO order. Each attempt of a retried call goes through run() separately, so backoff sleeps
// hold no slot. Limits shared with other processes come in through a gate: it says how many calls
// this process may have in flight and hands out the starts it was granted.

export const RATE_WINDOW_MS = 60_000;

export interface EndpointLimits {
  maxConcurrency: number;
  /** null or undefined: no rate limit. */
  requestsPerMinute?: number | null;
}

/** Injectable so tests can move time forward instead of sleeping for a minute. */
export interface LimiterClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: LimiterClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * What a limiter asks before it starts a call when the endpoint's limits are shared with other
 * processes (lib/server/endpoints/shared-limit.ts). It answers from what it holds, with no I/O: it
 * hears of the demand as it changes and calls wake() when it can allow more.
 */
export interface LimiterGate {
  /** calls this process may have in flight now: its share of the endpoint's concurrency */
  slots(): number;
  /** takes one start from those granted to this process; false: none now */
  takeStart(): boolean;
  /** the limiter's calls waiting and in flight, each time either changes */
  demandChanged(waiting: number, running: number): void;
}

interface Waiter {
  start: () => void;
}

export class EndpointLimiter {
  private limits!: Required<EndpointLimits>;
  private readonly waiting: Waiter[] = [];
  /** Start times inside the current window, oldest first. */
  private readonly recentStarts: number[] = [];
  private running = 0;
  private wakeTimer: unknown = null;

  constructor(
    limits: EndpointLimits,
    private readonly clock: LimiterClock = systemClock,
    private readonly gate?: LimiterGate,
  ) {
    this.setLimits(limits);
  }

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** New limits apply to calls not yet started; calls in flight finish as they are. */
  setLimits(limits: EndpointLimits): void {
    if (!Number.isInteger(limits.maxConcurrency) || limits.maxConcurrency < 1) {
      throw new RangeError(`maxConcurrency must be a whole number >= 1, got ${limits.maxConcurrency}`);
    }
    const rpm = limits.requestsPerMinute ?? null;
    if (rpm !== null && (!Number.isInteger(rpm) || rpm < 1)) {
      throw new RangeError(`requestsPerMinute must be a whole number >= 1 or empty, got ${rpm}`);
    }
    this.limits = { maxConcurrency: limits.maxConcurrency, requestsPerMinute: rpm };
    this.startWhatFits();
  }

  /** Starts what the limits now allow: the gate has more to give. */
  wake(): void {
    this.startWhatFits();
  }

  /** Runs `task` when the limits allow; `signal` takes a waiting call out of the queue. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(cancelledWhileQueued());
      const onAbort = () => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        this.gate?.demandChanged(this.waiting.length, this.running);
        reject(cancelledWhileQueued());
      };
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener("abort", onAbort);
          this.running++;
          if (this.limits.requestsPerMinute !== null) this.recentStarts.push(this.clock.now());
          // Promise.resolve().then: a task that throws synchronously still frees its slot
          Promise.resolve()
            .then(task)
            .then(resolve, reject)
            .finally(() => {
              this.running--;
              this.startWhatFits();
            });
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(waiter);
      this.startWhatFits();
    });
  }

  private startWhatFits(): void {
    const slots = Math.min(this.limits.maxConcurrency, this.gate?.slots() ?? Infinity);
    while (this.waiting.length > 0 && this.running < slots) {
      const waitMs = this.msUntilRateAllows();
      if (waitMs > 0) {
        this.wakeAfter(waitMs);
        break;
      }
      if (this.gate && !this.gate.takeStart()) break;
      this.waiting.shift()!.start();
    }
    this.gate?.demandChanged(this.waiting.length, this.running);
  }

  private msUntilRateAllows(): number {
    const rpm = this.limits.requestsPerMinute;
    if (rpm === null) return 0;
    const now = this.clock.now();
    while (this.recentStarts.length > 0 && this.recentStarts[0] <= now - RATE_WINDOW_MS) this.recentStarts.shift();
    if (this.recentStarts.length < rpm) return 0;
    return this.recentStarts[this.recentStarts.length - rpm] + RATE_WINDOW_MS - now;
  }

  private wakeAfter(ms: number): void {
    if (this.wakeTimer !== null) return;
    this.wakeTimer = this.clock.setTimeout(() => {
      this.wakeTimer = null;
      this.startWhatFits();
    }, ms);
  }
}

function cancelledWhileQueued(): LlmError {
  return new LlmError("cancelled", "the call was cancelled while waiting for the endpoint's limits");
}
