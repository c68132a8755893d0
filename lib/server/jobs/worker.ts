import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type PgBoss from "pg-boss";
import type { HandlerBasics, JobContext, JobHandler } from "./handler";
import { bossOnPool, ensureFetchOrderIndex } from "./queue";

// A worker process: one pg-boss (on the process's pool), one loop and one set of timers, over the
// handlers it is given, one per queue (lib/server/worker.ts gives the studio's). Each handler fetches its own jobs while it has room,
// claims the rows they name with a conditional update, heartbeats its claims and fences its writes
// (a lost claim throws LostClaimError), and its sweep takes back what a dead worker left: one
// protocol for every table, claims.ts. Stopping (SIGTERM) gives back everything held at once.

export interface JobWorkerOptions extends Partial<Omit<HandlerBasics, "workerId">> {
  /** makes the handlers, one per queue, with what they share with the worker */
  handlers: (basics: HandlerBasics) => JobHandler[];
  heartbeatMs?: number;
}

export class JobWorker {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly pollMs: number;
  private readonly heartbeatMs: number;
  private readonly staleSeconds: number;
  private readonly log: (message: string) => void;
  /** one per queue */
  private readonly handlers: JobHandler[];
  private boss?: PgBoss;
  private running = false;
  private timers: NodeJS.Timeout[] = [];
  private loopDone?: Promise<void>;
  private wakeUp?: () => void;

  constructor(options: JobWorkerOptions) {
    this.pollMs = options.pollMs ?? 500;
    this.heartbeatMs = options.heartbeatMs ?? 5_000;
    this.staleSeconds = options.staleSeconds ?? 30;
    this.log = options.log ?? ((message) => console.log(`[worker ${this.id}] ${message}`));
    this.handlers = options.handlers({ workerId: this.id, pollMs: this.pollMs, staleSeconds: this.staleSeconds, log: this.log });
  }

  async start(): Promise<void> {
    for (const handler of this.handlers) await handler.ensureQueues();
    await ensureFetchOrderIndex();
    // supervise: pg-boss's own upkeep (expiring and deleting old jobs), done by one instance at a time
    this.boss = bossOnPool({ supervise: true, schedule: false, migrate: false });
    this.boss.on("error", (error) => this.log(`queue error: ${error.message}`));
    await this.boss.start();
    this.running = true;
    const context: JobContext = { boss: this.boss, wake: () => this.wakeUp?.() };
    for (const handler of this.handlers) handler.start(context);
    this.timers.push(setInterval(() => void this.beat(), this.heartbeatMs));
    this.timers.push(setInterval(() => void this.sweep(), Math.max(1000, (this.staleSeconds * 1000) / 3)));
    void this.sweep();
    this.loopDone = this.loop();
    this.log(`started with ${this.handlers.map((handler) => handler.describe()).join(", ")}`);
  }

  /** Stops fetching, cancels the work in flight and gives back everything held. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wakeUp?.();
    this.timers.forEach(clearInterval);
    for (const handler of this.handlers) handler.halt();
    await this.loopDone;
    for (const handler of this.handlers) await handler.stop();
    await this.boss!.stop({ graceful: false, wait: true });
    this.log("stopped");
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let tookAny = false;
      for (const handler of this.handlers) {
        const took = await handler.poll();
        tookAny ||= took;
      }
      if (!tookAny) await this.nap();
    }
  }

  private nap(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.pollMs);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async beat(): Promise<void> {
    for (const handler of this.handlers) {
      try {
        await handler.beat();
      } catch (error) {
        this.log(`heartbeat failed: ${(error as Error).message}`);
      }
    }
  }

  private async sweep(): Promise<void> {
    for (const handler of this.handlers) {
      try {
        await handler.sweep();
      } catch (error) {
        this.log(`sweep failed: ${(error as Error).message}`);
      }
    }
  }
}
