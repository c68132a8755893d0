import "server-only";
import type PgBoss from "pg-boss";

// What a queue's handler does for the worker (worker.ts): one per queue, each with its own jobs,
// claims and sweep over the one claim protocol (claims.ts).

/** What the worker gives each handler it makes: its id (the claims' holder), its pace and its log. */
export interface HandlerBasics {
  workerId: string;
  /** how often to ask the queue for jobs, at most */
  pollMs: number;
  /** a claim whose heartbeat is older than this is taken back by any worker */
  staleSeconds: number;
  log: (message: string) => void;
}

/** What the worker lends its handlers once its pg-boss has started. */
export interface JobContext {
  boss: PgBoss;
  /** wakes the loop from its nap: a slot came free */
  wake(): void;
}

export interface JobHandler {
  /** makes its queues exist; the worker calls each handler's in turn (two pg-boss starts migrating a fresh database at once deadlock) */
  ensureQueues(): Promise<void>;
  /** its room, for the worker's first line: "64 slots", "1 export slot" */
  describe(): string;
  start(context: JobContext): void;
  /** takes jobs while it has room and starts working on them; true when it took any */
  poll(): Promise<boolean>;
  /** refreshes the heartbeats of its claims (every heartbeatMs) */
  beat(): Promise<void>;
  /** takes back what workers that stopped heartbeating left (every staleSeconds / 3) */
  sweep(): Promise<void>;
  /** the worker is stopping: takes nothing more and cancels what is in flight (no waiting yet) */
  halt(): void;
  /** once the loop has ended: waits for the work in flight and gives back what it still holds */
  stop(): Promise<void>;
}

/**
 * A handler that takes no jobs and holds no claims: it only does its part in each sweep (experiment
 * steps, chart summary rebuilds). Subclasses say what they are and what a sweep does.
 */
export abstract class SweepOnlyHandler implements JobHandler {
  abstract describe(): string;
  abstract sweep(): Promise<void>;

  async ensureQueues(): Promise<void> {}

  start(): void {}

  async poll(): Promise<boolean> {
    return false;
  }

  async beat(): Promise<void> {}

  halt(): void {}

  async stop(): Promise<void> {}
}
