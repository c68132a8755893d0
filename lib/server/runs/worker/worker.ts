import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import PgBoss from "pg-boss";
import { LlmError } from "@/lib/llm/errors";
import { callWithRetry, completeWithRetry } from "@/lib/llm/retry";
import type { ModelClient } from "@/lib/llm/types";
import { databaseUrl } from "../../config";
import { UserError } from "../../errors";
import { ExportJobs } from "../../exports/jobs";
import { ensureExportQueue } from "../../exports/queue";
import { inTransaction, pgPool } from "../../pg";
import { ensureQueue, RUN_ITEM_QUEUE, runItemJobSchema } from "../queue";
import {
  claimItem, completeFinishedRuns, endRunIfDone, finishItem, heartbeat, LostClaimError, reclaimStaleItems, recordRetry, releaseItem,
  type ClaimedItem,
} from "./claims";
import { EndpointClients, type LimitedScorer, type ResolveEndpoint } from "./endpoint-clients";
import { ItemFailure, type ItemDeps, type ItemOutcome } from "./item-deps";
import { processLabelItem } from "./label-item";
import { processSampleItem } from "./sample-item";
import { processScoreItem } from "./score-item";
import { processSlItem } from "./sl-item";
import { VersionTextsCache } from "./version-texts";

// A worker process's loop: fetch run-item jobs, claim each item at once, work on it, finish it.
// Items run concurrently up to the worker's slots and each run's own concurrency; model calls go
// through the endpoint's limiter. Every item this worker holds (working or waiting for its run's
// concurrency) is claimed and heartbeated, so if the process dies, any other worker's sweeper
// takes all of them back within `staleSeconds`. Stopping (SIGTERM) gives them back at once.

const MAX_ATTEMPTS = 5;

export interface WorkerOptions {
  resolveEndpoint: ResolveEndpoint;
  /** items held at once by this process (working or waiting), all runs together */
  slots?: number;
  pollMs?: number;
  heartbeatMs?: number;
  /** a claim whose heartbeat is older than this is taken back by any worker */
  staleSeconds?: number;
  /** export runs written at once by this process (lib/server/exports/jobs.ts) */
  exportSlots?: number;
  log?: (message: string) => void;
}

interface Held {
  item: ClaimedItem;
  jobId: string;
  abort: AbortController;
  started: boolean;
}

/** One fetch: the items claimed with their jobs, and the jobs with nothing left to claim. */
interface Fetched {
  claimed: { item: ClaimedItem; jobId: string }[];
  spare: string[];
}
const NOTHING_FETCHED: Fetched = { claimed: [], spare: [] };

export class RunWorker {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly slots: number;
  private readonly pollMs: number;
  private readonly heartbeatMs: number;
  private readonly staleSeconds: number;
  private readonly log: (message: string) => void;
  private readonly endpoints: EndpointClients;
  private readonly versions = new VersionTextsCache();
  private readonly exports: ExportJobs;
  private readonly held = new Map<number, Held>();
  private readonly working = new Map<number, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly completing = new Set<Promise<void>>();
  private readonly runStatus = new Map<number, { status: string; at: number }>();
  private boss?: PgBoss;
  private running = false;
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
    this.exports = new ExportJobs({
      workerId: this.id, slots: options.exportSlots ?? 1, pollMs: this.pollMs, staleSeconds: this.staleSeconds, log: this.log,
    });
  }

  async start(): Promise<void> {
    // one after the other: two pg-boss starts migrating a fresh database at once deadlock
    await ensureQueue();
    await ensureExportQueue();
    // supervise: pg-boss's own upkeep (expiring and deleting old jobs), done by one instance at a time
    this.boss = new PgBoss({ connectionString: databaseUrl(), max: 2, supervise: true, schedule: false, migrate: false });
    this.boss.on("error", (error) => this.log(`queue error: ${error.message}`));
    await this.boss.start();
    this.running = true;
    this.timers.push(setInterval(() => void this.beat(), this.heartbeatMs));
    this.timers.push(setInterval(() => void this.sweep(), Math.max(1000, (this.staleSeconds * 1000) / 3)));
    void this.sweep();
    this.loopDone = this.loop();
    this.log(`started with ${this.slots} slots`);
  }

  /** Stops fetching, cancels the calls in flight and gives every held item back. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    this.timers.forEach(clearInterval);
    for (const held of this.held.values()) held.abort.abort();
    await this.loopDone;
    await Promise.allSettled(this.inFlight);
    await this.exports.stop();
    // items that never started: back to the queue
    await Promise.allSettled([...this.held.values()].map((held) => this.letGo(held, () => releaseItem(held.item, this.id))));
    await Promise.allSettled(this.completing);
    await this.boss!.stop({ graceful: false, wait: true });
    this.log("stopped");
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const free = this.slots - this.held.size;
      const { claimed, spare } = free > 0 ? await this.fetchAndClaim(Math.min(free, 32)) : NOTHING_FETCHED;
      for (const jobId of spare) void this.completeJob(jobId);
      for (const { item, jobId } of claimed) {
        this.held.set(item.id, { item, jobId, abort: new AbortController(), started: false });
        this.pump(item.runId);
      }
      const exporting = await this.exports.poll();
      if (claimed.length + spare.length === 0 && !exporting) await this.nap();
    }
  }

  /**
   * Fetches jobs and claims their items in one transaction, so a worker killed between the two
   * leaves both as they were: the jobs back in the queue, the items pending. (Fetched on its own,
   * a dead worker's job stays "active" until pg-boss's expiry, an hour, and its pending item waits
   * with it.) A job whose item is done, or held by a live worker, is spare: it just ends.
   */
  private async fetchAndClaim(batchSize: number): Promise<Fetched> {
    try {
      return await inTransaction(async (tx) => {
        const db = { executeSql: (text: string, values: unknown[]) => tx.query(text, values) };
        const jobs = await this.boss!.fetch(RUN_ITEM_QUEUE, { batchSize, db });
        const fetched: Fetched = { claimed: [], spare: [] };
        for (const job of jobs) {
          const data = runItemJobSchema.safeParse(job.data);
          const item = data.success ? await claimItem(tx, data.data.itemId, this.id, this.staleSeconds) : undefined;
          if (item) fetched.claimed.push({ item, jobId: job.id });
          else fetched.spare.push(job.id);
        }
        return fetched;
      });
    } catch (error) {
      this.log(`fetch failed: ${(error as Error).message}`);
      return NOTHING_FETCHED;
    }
  }

  /** Starts the run's held items while the run's concurrency allows. */
  private pump(runId: number): void {
    for (const held of this.held.values()) {
      if (!this.running) return;
      if (held.started || held.item.runId !== runId) continue;
      if ((this.working.get(runId) ?? 0) >= held.item.config.concurrency) return;
      held.started = true;
      this.working.set(runId, (this.working.get(runId) ?? 0) + 1);
      const work = this.letGo(held, () => this.work(held)).finally(() => {
        this.inFlight.delete(work);
        this.working.set(runId, this.working.get(runId)! - 1);
        this.pump(runId);
        this.wake?.();
      });
      this.inFlight.add(work);
    }
  }

  /** Runs `end` for a held item, then forgets the item and completes its job, whatever happened. */
  private async letGo(held: Held, end: () => Promise<void>): Promise<void> {
    try {
      await end();
    } catch (error) {
      this.log(`item ${held.item.id}: ${(error as Error).stack ?? error}`);
      if (!(error instanceof LostClaimError)) await this.giveUpOrRelease(held.item, error).catch(() => {});
    } finally {
      this.held.delete(held.item.id);
      // the slot is free now; the job's completion goes on without holding the next item up
      void this.completeJob(held.jobId);
    }
  }

  private completeJob(jobId: string): Promise<void> {
    const completing = this.boss!.complete(RUN_ITEM_QUEUE, jobId)
      .then(() => {})
      .catch((error: Error) => this.log(`complete failed: ${error.message}`))
      .finally(() => this.completing.delete(completing));
    this.completing.add(completing);
    return completing;
  }

  /** An unexpected error (a bug, the database away) is tried again a few times, then ends the item. */
  private async giveUpOrRelease(item: ClaimedItem, error: unknown): Promise<void> {
    if (item.attempts < MAX_ATTEMPTS) return releaseItem(item, this.id);
    await finishItem(item, this.id, { status: "FAILED", errorKind: "internal", error: `gave up after ${item.attempts} attempts: ${(error as Error).message}` });
  }

  private async work({ item, abort }: Held): Promise<void> {
    let client: ModelClient | undefined;
    let scorer: LimitedScorer | undefined;
    try {
      if (item.kind === "SCORE") scorer = await this.endpoints.scorer(item.endpointId);
      else client = await this.endpoints.client(item.endpointId);
    } catch (error) {
      // a key that is not set, an endpoint deleted: nothing a retry would change
      if (!(error instanceof UserError)) throw error;
      return finishItem(item, this.id, { status: "FAILED", errorKind: "endpoint", error: error.message });
    }
    const onRetry = (error: LlmError) => void recordRetry(pgPool(), item, error.kind, error.message).catch(() => {});
    const deps: ItemDeps = {
      workerId: this.id,
      endpointId: item.endpointId,
      mayContinue: async () => !abort.signal.aborted && (await this.currentRunStatus(item.runId)) === "RUNNING",
      complete: async (request) => {
        if (!client) throw new Error(`run item ${item.id}: a ${item.kind} item has no model client`);
        const completion = await completeWithRetry(client, { ...request, signal: abort.signal }, { onRetry });
        return { request, completion };
      },
      score: (request) => {
        if (!scorer) throw new Error(`run item ${item.id}: a ${item.kind} item has no scorer`);
        return callWithRetry(() => scorer.score({ ...request, signal: abort.signal }), abort.signal, { onRetry });
      },
    };
    try {
      const outcome = await this.process(item, deps);
      // stopped: paused or this worker is stopping (a cancelled item was already ended by cancel)
      if (outcome === "done") await finishItem(item, this.id, { status: "DONE" });
      else if (outcome === "ended") await endRunIfDone(item.runId);
      else await releaseItem(item, this.id);
    } catch (error) {
      if (error instanceof ItemFailure) return finishItem(item, this.id, { status: "FAILED", errorKind: error.kind, error: error.message });
      if (!(error instanceof LlmError)) throw error;
      if (abort.signal.aborted) return releaseItem(item, this.id);
      // a failure retrying did not cure (a 401, a bad request, retries used up): this item only
      await finishItem(item, this.id, { status: "FAILED", errorKind: error.kind, error: error.message });
    }
  }

  private async process(item: ClaimedItem, deps: ItemDeps): Promise<ItemOutcome> {
    switch (item.kind) {
      case "SL_CAI":
        return processSlItem(item, { ...deps, version: await this.versions.critique(item.constitutionVersionId, item.config.fewShot) });
      case "SAMPLE":
        return processSampleItem(item, deps);
      case "LABEL":
        return processLabelItem(item, { ...deps, texts: await this.versions.preference(item.constitutionVersionId, item.config.fewShot) });
      case "SCORE":
        return processScoreItem(item, deps);
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
      const ids = [...this.held.keys()];
      const still = await heartbeat(pgPool(), ids, this.id);
      for (const id of ids) if (!still.has(id)) this.held.get(id)?.abort.abort(); // lost: stop its calls
    } catch (error) {
      this.log(`heartbeat failed: ${(error as Error).message}`);
    }
  }

  private async sweep(): Promise<void> {
    try {
      const reclaimed = await reclaimStaleItems(this.staleSeconds);
      if (reclaimed > 0) this.log(`took back ${reclaimed} item(s) from a worker that stopped heartbeating`);
      await completeFinishedRuns(pgPool());
      await this.exports.sweep();
    } catch (error) {
      this.log(`sweep failed: ${(error as Error).message}`);
    }
  }
}
