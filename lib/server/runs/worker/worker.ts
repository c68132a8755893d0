import "server-only";
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import PgBoss from "pg-boss";
import { completeWithRetry } from "@/lib/llm/retry";
import { LlmError } from "@/lib/llm/errors";
import { databaseUrl } from "../../config";
import { pgPool } from "../../pg";
import { RUN_ITEM_QUEUE, ensureQueue, runItemJobSchema } from "../queue";
import {
  claimItem, completeFinishedRuns, finishItem, heartbeat, LostClaimError, reclaimStaleItems, recordRetry, releaseItem,
  type ClaimedItem,
} from "./claims";
import { EndpointClients, type ResolveEndpoint } from "./endpoint-clients";
import { processSlItem } from "./sl-item";
import { VersionTextsCache } from "./version-texts";

// A worker process's loop: fetch run-item jobs, claim each item, work it, finish it. Items run
// concurrently up to the worker's slots and each run's own concurrency; model calls go through the
// endpoint's limiter. A heartbeat keeps the claims alive; a sweeper takes back the items of workers
// that died. Stopping (SIGTERM) gives unfinished items back at once instead of waiting for them
// to go stale.

export interface WorkerOptions {
  resolveEndpoint: ResolveEndpoint;
  /** items worked on at once by this process, all runs together */
  slots?: number;
  pollMs?: number;
  heartbeatMs?: number;
  /** a claim whose heartbeat is older than this is taken back by any worker */
  staleSeconds?: number;
  log?: (message: string) => void;
}

interface Held {
  item: ClaimedItem;
  abort: AbortController;
}

export class RunWorker {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly slots: number;
  private readonly pollMs: number;
  private readonly heartbeatMs: number;
  private readonly staleSeconds: number;
  private readonly log: (message: string) => void;
  private readonly endpoints: EndpointClients;
  private readonly versions = new VersionTextsCache();
  private boss?: PgBoss;
  private running = false;
  private readonly held = new Map<number, Held>();
  /** jobs fetched but waiting for their run's concurrency, by run */
  private readonly waiting = new Map<number, { id: string; itemId: number }[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly perRun = new Map<number, number>();
  private readonly runStatus = new Map<number, { status: string; at: number }>();
  private timers: NodeJS.Timeout[] = [];
  private loopDone?: Promise<void>;
  private wake?: () => void;

  constructor(options: WorkerOptions) {
    this.slots = options.slots ?? 64;
    this.pollMs = options.pollMs ?? 500;
    this.heartbeatMs = options.heartbeatMs ?? 5_000;
    this.staleSeconds = options.staleSeconds ?? 30;
    this.log = options.log ?? ((message) => console.log(`[worker ${this.id}] ${message}`));
    this.endpoints = new EndpointClients(options.resolveEndpoint);
  }

  async start(): Promise<void> {
    await ensureQueue();
    this.boss = new PgBoss({ connectionString: databaseUrl(), max: 2, supervise: false, schedule: false, migrate: false });
    this.boss.on("error", (error) => this.log(`queue error: ${error.message}`));
    await this.boss.start();
    this.running = true;
    this.timers.push(setInterval(() => void this.beat(), this.heartbeatMs));
    this.timers.push(setInterval(() => void this.sweep(), Math.max(1000, (this.staleSeconds * 1000) / 3)));
    void this.sweep();
    this.loopDone = this.loop();
    this.log(`started with ${this.slots} slots`);
  }

  /** Stops fetching, cancels the calls in flight and gives their items back. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    this.timers.forEach(clearInterval);
    for (const { abort } of this.held.values()) abort.abort();
    await this.loopDone;
    await Promise.allSettled(this.inFlight);
    const waitingJobs = [...this.waiting.values()].flat();
    if (waitingJobs.length > 0) await this.boss!.fail(RUN_ITEM_QUEUE, waitingJobs.map((j) => j.id)).catch(() => {});
    await this.boss!.stop({ graceful: false, wait: true });
    this.log("stopped");
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const free = this.slots - this.held.size - [...this.waiting.values()].reduce((n, list) => n + list.length, 0);
      if (free <= 0) {
        await this.nap();
        continue;
      }
      let jobs: PgBoss.Job<unknown>[] = [];
      try {
        jobs = await this.boss!.fetch(RUN_ITEM_QUEUE, { batchSize: Math.min(free, 32) });
      } catch (error) {
        this.log(`fetch failed: ${(error as Error).message}`);
      }
      if (jobs.length === 0) {
        await this.nap();
        continue;
      }
      for (const job of jobs) {
        const data = runItemJobSchema.safeParse(job.data);
        if (!data.success) {
          await this.boss!.fail(RUN_ITEM_QUEUE, job.id, { error: "not a run-item job" });
          continue;
        }
        this.enqueueLocal(data.data.runId, { id: job.id, itemId: data.data.itemId });
      }
    }
  }

  private nap(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.pollMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private enqueueLocal(runId: number, job: { id: string; itemId: number }): void {
    this.waiting.set(runId, [...(this.waiting.get(runId) ?? []), job]);
    void this.pump(runId);
  }

  /** Starts as many of a run's waiting jobs as the run's concurrency allows in this worker. */
  private async pump(runId: number): Promise<void> {
    const limit = await this.concurrencyOf(runId);
    const queue = this.waiting.get(runId) ?? [];
    while (queue.length > 0 && (this.perRun.get(runId) ?? 0) < limit) {
      const job = queue.shift()!;
      this.perRun.set(runId, (this.perRun.get(runId) ?? 0) + 1);
      const work = this.handle(job).finally(() => {
        this.inFlight.delete(work);
        this.perRun.set(runId, this.perRun.get(runId)! - 1);
        void this.pump(runId);
        this.wake?.();
      });
      this.inFlight.add(work);
    }
    if (queue.length === 0) this.waiting.delete(runId);
  }

  private readonly concurrency = new Map<number, Promise<number>>();

  private concurrencyOf(runId: number): Promise<number> {
    let limit = this.concurrency.get(runId);
    if (!limit) {
      limit = pgPool()
        .query<{ concurrency: number | null }>(`SELECT (config->>'concurrency')::int AS concurrency FROM "Run" WHERE id = $1`, [runId])
        .then(({ rows }) => rows[0]?.concurrency ?? 1);
      limit.catch(() => this.concurrency.delete(runId));
      this.concurrency.set(runId, limit);
    }
    return limit;
  }

  private async handle(job: { id: string; itemId: number }): Promise<void> {
    let item: ClaimedItem | undefined;
    try {
      item = await claimItem(pgPool(), job.itemId, this.id, this.staleSeconds);
      if (!item) return; // done, taken by another worker, or its run is paused or over
      await this.work(item);
    } catch (error) {
      this.log(`item ${job.itemId}: ${(error as Error).stack ?? error}`);
      if (item && !(error instanceof LostClaimError)) await releaseItem(item, this.id).catch(() => {});
    } finally {
      await this.boss!.complete(RUN_ITEM_QUEUE, job.id).catch((error: Error) => this.log(`complete failed: ${error.message}`));
    }
  }

  private async work(item: ClaimedItem): Promise<void> {
    const abort = new AbortController();
    this.held.set(item.id, { item, abort });
    try {
      const client = await this.endpoints.client(item.endpointId);
      const outcome = await processSlItem(item, {
        workerId: this.id,
        endpointId: item.endpointId,
        version: await this.versions.get(item.constitutionVersionId, item.config.fewShot),
        mayContinue: async () => !abort.signal.aborted && (await this.currentRunStatus(item.runId)) === "RUNNING",
        complete: async (request) => {
          const completion = await completeWithRetry(client, { ...request, signal: abort.signal }, {
            onRetry: (error) => void recordRetry(pgPool(), item, error.kind, error.message).catch(() => {}),
          });
          return { request, completion };
        },
      });
      if (outcome === "done") await finishItem(item, this.id, { status: "DONE" });
      else await releaseItem(item, this.id); // paused or stopping: cancel already ended the item
    } catch (error) {
      if (error instanceof LlmError && abort.signal.aborted) {
        await releaseItem(item, this.id);
      } else if (error instanceof LlmError) {
        // a failure retrying did not cure (a 401, a bad request, retries used up): this item only
        await finishItem(item, this.id, { status: "FAILED", errorKind: error.kind, error: error.message });
      } else {
        throw error;
      }
    } finally {
      this.held.delete(item.id);
    }
  }

  /** A run's status, read at most once a second per run by this worker. */
  private async currentRunStatus(runId: number): Promise<string> {
    const cached = this.runStatus.get(runId);
    if (cached && Date.now() - cached.at < 1000) return cached.status;
    const { rows } = await pgPool().query<{ status: string }>(`SELECT status FROM "Run" WHERE id = $1`, [runId]);
    const status = rows[0]?.status ?? "CANCELLED";
    this.runStatus.set(runId, { status, at: Date.now() });
    return status;
  }

  private async beat(): Promise<void> {
    try {
      const held = [...this.held.keys()];
      const still = await heartbeat(pgPool(), held, this.id);
      for (const id of held) if (!still.has(id)) this.held.get(id)?.abort.abort(); // lost: stop its calls
    } catch (error) {
      this.log(`heartbeat failed: ${(error as Error).message}`);
    }
  }

  private async sweep(): Promise<void> {
    try {
      const reclaimed = await reclaimStaleItems(this.staleSeconds);
      if (reclaimed > 0) this.log(`took back ${reclaimed} item(s) from a worker that stopped heartbeating`);
      await completeFinishedRuns(pgPool());
    } catch (error) {
      this.log(`sweep failed: ${(error as Error).message}`);
    }
  }
}
