import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAiEndpoint } from "@/test/fake-llm/endpoints";
import { startFakeLlmServer, type FakeLlmServer } from "@/test/fake-llm";
import { createModelClient, EndpointLimiter, withLimiter, type LimiterClock, type LimiterGate } from "./index";

/** Time that moves only when the test says so. */
class ManualClock implements LimiterClock {
  private time = 0;
  private timers: { at: number; callback: () => void }[] = [];
  now = () => this.time;
  setTimeout = (callback: () => void, ms: number) => {
    const timer = { at: this.time + ms, callback };
    this.timers.push(timer);
    return timer;
  };
  clearTimeout = (handle: unknown) => {
    this.timers = this.timers.filter((timer) => timer !== handle);
  };
  async advanceTo(time: number) {
    this.time = time;
    for (let due = this.nextDue(); due; due = this.nextDue()) {
      this.timers = this.timers.filter((timer) => timer !== due);
      due.callback();
      await settle();
    }
    await settle();
  }
  private nextDue() {
    return this.timers.filter((timer) => timer.at <= this.time).sort((a, b) => a.at - b.at)[0];
  }
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Starts `count` instant tasks through the limiter and records when (on the clock) each began. */
function startTasks(limiter: EndpointLimiter, clock: ManualClock, count: number): number[] {
  const startedAt: number[] = [];
  for (let index = 0; index < count; index++) {
    void limiter.run(async () => {
      startedAt.push(clock.now());
    });
  }
  return startedAt;
}

describe("EndpointLimiter: requests per minute over a rolling window", () => {
  it("starts no more than requestsPerMinute in any 60 s, then the next as the oldest leaves the window", async () => {
    const clock = new ManualClock();
    const limiter = new EndpointLimiter({ maxConcurrency: 100, requestsPerMinute: 3 }, clock);

    const startedAt = startTasks(limiter, clock, 7);
    await settle();
    expect(startedAt).toEqual([0, 0, 0]);

    await clock.advanceTo(59_999);
    expect(startedAt).toHaveLength(3);
    await clock.advanceTo(60_000);
    expect(startedAt).toEqual([0, 0, 0, 60_000, 60_000, 60_000]);
    await clock.advanceTo(120_000);
    expect(startedAt).toEqual([0, 0, 0, 60_000, 60_000, 60_000, 120_000]);
  });

  it("counts a window that rolls, not one that resets each minute", async () => {
    const clock = new ManualClock();
    const limiter = new EndpointLimiter({ maxConcurrency: 100, requestsPerMinute: 4 }, clock);

    const early = startTasks(limiter, clock, 3);
    await settle();
    await clock.advanceTo(45_000);
    const later = startTasks(limiter, clock, 3);
    await settle();
    // 3 at t=0 and 1 at t=45 s fill the window; the other 2 wait for the t=0 starts to age out
    expect(early).toEqual([0, 0, 0]);
    expect(later).toEqual([45_000]);
    await clock.advanceTo(60_000);
    expect(later).toEqual([45_000, 60_000, 60_000]);
  });

  it("applies edited limits to calls not yet started", async () => {
    const clock = new ManualClock();
    const limiter = new EndpointLimiter({ maxConcurrency: 100, requestsPerMinute: 1 }, clock);
    const startedAt = startTasks(limiter, clock, 3);
    await settle();
    expect(startedAt).toHaveLength(1);
    limiter.setLimits({ maxConcurrency: 100, requestsPerMinute: null });
    await settle();
    expect(startedAt).toHaveLength(3);
  });

  it("takes a cancelled call out of the queue without starting it", async () => {
    const clock = new ManualClock();
    const limiter = new EndpointLimiter({ maxConcurrency: 1, requestsPerMinute: null }, clock);
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    let secondStarted = false;
    const second = limiter.run(async () => {
      secondStarted = true;
    }, controller.signal);
    controller.abort();
    await expect(second).rejects.toMatchObject({ kind: "cancelled" });
    expect(limiter.queued).toBe(0);
    release();
    await first;
    expect(secondStarted).toBe(false);
  });
});

describe("EndpointLimiter: concurrency, seen from the server", () => {
  let server: FakeLlmServer;
  beforeAll(async () => {
    server = await startFakeLlmServer({ latencyMs: [20, 60], recordRequests: false });
  });
  afterAll(() => server.close());

  it("never lets the server see more than maxConcurrency requests at once", async () => {
    const limiter = new EndpointLimiter({ maxConcurrency: 4 });
    const client = withLimiter(createModelClient(openAiEndpoint(server)), limiter);

    const completions = await Promise.all(Array.from({ length: 60 }, (_, index) => client.complete({ messages: [{ role: "user", content: `question ${index}` }] })));

    expect(new Set(completions.map((completion) => completion.text)).size).toBe(60);
    expect(server.stats().received).toBe(60);
    expect(server.stats().maxInFlight).toBe(4);
    expect(limiter.inFlight).toBe(0);
  });
});

describe("EndpointLimiter: limits shared through a gate", () => {
  /** A gate whose slots and starts the test sets by hand; it records the demand it hears of. */
  class HandGate implements LimiterGate {
    allowed = 0;
    starts = Infinity;
    demand = { waiting: 0, running: 0 };
    slots = () => this.allowed;
    takeStart = () => {
      if (this.starts === 0) return false;
      this.starts--;
      return true;
    };
    demandChanged = (waiting: number, running: number) => (this.demand = { waiting, running });
  }

  it("starts no more than the gate's slots and its granted starts allow, and the rest when woken", async () => {
    const gate = new HandGate();
    const limiter = new EndpointLimiter({ maxConcurrency: 10 }, new ManualClock(), gate);
    const release: (() => void)[] = [];
    const calls = Array.from({ length: 6 }, () => limiter.run(() => new Promise<void>((resolve) => release.push(resolve))));
    await settle();
    expect(limiter.inFlight).toBe(0);
    expect(gate.demand).toEqual({ waiting: 6, running: 0 });

    gate.allowed = 3;
    gate.starts = 2;
    limiter.wake();
    await settle();
    expect(limiter.inFlight).toBe(2);
    expect(gate.demand).toEqual({ waiting: 4, running: 2 });

    gate.starts = Infinity;
    limiter.wake();
    await settle();
    expect(limiter.inFlight).toBe(3);

    gate.allowed = 10;
    release.splice(0).forEach((resolve) => resolve());
    await settle();
    expect(limiter.inFlight).toBe(3);
    release.splice(0).forEach((resolve) => resolve());
    await Promise.all(calls);
    expect(gate.demand).toEqual({ waiting: 0, running: 0 });
  });
});
