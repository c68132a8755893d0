import "server-only";
import type pg from "pg";
import type PgBoss from "pg-boss";
import { LlmError } from "@/lib/llm/errors";
import { callWithRetry, completeWithRetry } from "@/lib/llm/retry";
import type { ModelClient } from "@/lib/llm/types";
import { db } from "../../db";
import { MissingEnvironmentError, UserError } from "../../errors";
import { inTransaction, pgPool } from "../../pg";
import { JobCompletions } from "../../jobs/completions";
import { LostClaimError } from "../../jobs/lost-claim";
import { ensureQueue, RUN_ITEM_QUEUE, runItemJobSchema } from "../../jobs/queue";
import type { HandlerBasics, JobContext, JobHandler } from "../../jobs/handler";
import { processItem, runKinds } from "../kinds/registry";
import { ensureKeyQueue, keyQueue, keyQueueVariables } from "../queue";
import {
  claimItems,
  completeFinishedRuns,
  endRunIfNearlyDone,
  finishItem,
  heartbeat,
  keyFound,
  leaveForAnotherWorker,
  MAX_ATTEMPTS,
  pendingItemEndpoint,
  reclaimStaleItems,
  recordRetry,
  releaseForAnotherWorker,
  releaseItem,
  type ClaimedItem,
  type ItemEnd,
} from "./claims";
import { EndpointClients, type LimitedScorer, type ResolveEndpoint } from "./endpoint-clients";
import { ItemFailure, type ItemDeps } from "./item-deps";
import { VersionTextsCache } from "./version-texts";

// The worker's handler of run-item jobs (lib/server/jobs/worker.ts runs it): fetch jobs, claim
// each item at once, work on it, finish it. Items run concurrently up to the worker's slots and
// each run's own concurrency; model calls go through the endpoint's limiter. Every item this worker
// holds (working or waiting for its run's concurrency) is claimed and heartbeated, so if the
// process dies, any other worker's sweeper takes all of them back within `staleSeconds`. Stopping
// (SIGTERM) gives them back at once.

// How long a worker that found an endpoint's key variable unset here believes it: as long as it
// keeps a resolved endpoint (endpoint-clients.ts), so a key set in Settings reaches it as soon.
const KEYLESS_MS = 30_000;
// How often a worker looks for key queues (queue.ts) it can serve.
const KEY_QUEUES_MS = 5_000;

export interface RunItemJobsOptions extends HandlerBasics {
  resolveEndpoint: ResolveEndpoint;
  /** the environment the worker resolves endpoint keys from (default process.env) */
  env?: NodeJS.ProcessEnv;
  /** items held at once by this process (working or waiting), all runs together */
  slots?: number;
  /**
   * told the ids of runs this worker ended (their last item finished, or its sweep found them
   * finished): what follows a run (an experiment's next step) starts without anyone asking
   */
  onRunsEnded?: (runIds: number[]) => Promise<void>;
}

interface Held {
  item: ClaimedItem;
  /** the job and the queue it came from: the run-item queue or a key queue */
  jobId: string;
  queue: string;
  abort: AbortController;
  started: boolean;
}

/** One fetch: the items claimed with their jobs, and the jobs with nothing left to claim. */
interface Fetched {
  claimed: { item: ClaimedItem; jobId: string; queue: string }[];
  spare: { jobId: string; queue: string }[];
}
const NOTHING_FETCHED: Fetched = { claimed: [], spare: [] };

export class RunItemJobs implements JobHandler {
  private readonly id: string;
  private readonly slots: number;
  private readonly staleSeconds: number;
  private readonly log: (message: string) => void;
  private readonly endpoints: EndpointClients;
  private readonly versions = new VersionTextsCache();
  private readonly held = new Map<number, Held>();
  private readonly working = new Map<number, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly completions: JobCompletions;
  /** onRunsEnded calls in flight, waited for when the worker stops */
  private readonly following = new Set<Promise<void>>();
  private readonly onRunsEnded?: (runIds: number[]) => Promise<void>;
  private readonly runStatus = new Map<number, { status: Promise<string>; at: number }>();
  /** endpoints this process cannot call (the variable of their key is not set here), until when it believes so */
  private readonly keyless = new Map<number, { variable: string; until: number }>();
  /** the key queues this process can serve (their variable is set here), looked up every KEY_QUEUES_MS */
  private keyQueues: { queues: string[]; at: number } = { queues: [], at: 0 };
  private readonly env: NodeJS.ProcessEnv;
  private boss?: PgBoss;
  private running = false;
  private wake?: () => void;

  constructor(options: RunItemJobsOptions) {
    this.id = options.workerId;
    this.slots = options.slots ?? 64;
    this.staleSeconds = options.staleSeconds;
    this.log = options.log;
    this.env = options.env ?? process.env;
    this.onRunsEnded = options.onRunsEnded;
    this.completions = new JobCompletions(() => this.boss!, this.log);
    this.endpoints = new EndpointClients((endpointId) => options.resolveEndpoint(endpointId, this.env), { workerId: this.id, log: this.log });
  }

  ensureQueues(): Promise<void> {
    return ensureQueue();
  }

  describe(): string {
    return `${this.slots} slots`;
  }

  start({ boss, wake }: JobContext): void {
    this.boss = boss;
    this.wake = wake;
    this.running = true;
  }

  halt(): void {
    this.running = false;
    for (const held of this.held.values()) held.abort.abort();
  }

  /** After the worker's loop ended: waits for the items in flight and gives back those that never started. */
  async stop(): Promise<void> {
    await Promise.allSettled(this.inFlight);
    await this.endpoints.close();
    // items that never started: back to the queue
    await Promise.allSettled([...this.held.values()].map((held) => this.letGo(held, () => releaseItem(held.item, this.id))));
    await this.completions.flush();
    await Promise.allSettled(this.following);
  }

  async poll(): Promise<boolean> {
    let fetchedAny = false;
    for (const queue of [RUN_ITEM_QUEUE, ...(await this.servedKeyQueues())]) {
      const free = this.slots - this.held.size;
      const { claimed, spare } = this.worthFetching(free) ? await this.fetchAndClaim(queue, Math.min(free, 32)) : NOTHING_FETCHED;
      for (const job of spare) this.completions.add(job.queue, job.jobId);
      for (const { item, jobId } of claimed) {
        this.held.set(item.id, { item, jobId, queue, abort: new AbortController(), started: false });
        this.pump(item.runId);
      }
      fetchedAny ||= claimed.length + spare.length > 0;
    }
    return fetchedAny;
  }

  /**
   * Whether to fetch for `free` slots now. While held items wait for their run's concurrency, the
   * next ones are already here: the fetch waits until a quarter of the slots are free, so it takes
   * them in batches (a fetch costs Postgres about as much as storing a call, and short items free
   * a slot every few milliseconds). With nothing waiting, every free slot is fetched for at once.
   */
  private worthFetching(free: number): boolean {
    if (free <= 0) return false;
    const waiting = [...this.held.values()].some((held) => !held.started);
    return !waiting || free >= Math.max(1, Math.floor(this.slots / 4));
  }

  /**
   * Fetches jobs and claims their items in one transaction, so a worker killed between the two
   * leaves both as they were: the jobs back in the queue, the items pending. (Fetched on its own,
   * a dead worker's job stays "active" until pg-boss's expiry, an hour, and its pending item waits
   * with it.) A job whose item is done, or held by a live worker, is spare: it just ends.
   */
  private async fetchAndClaim(queue: string, batchSize: number): Promise<Fetched> {
    try {
      return await inTransaction(async (tx) => {
        const db = { executeSql: (text: string, values: unknown[]) => tx.query(text, values) };
        const jobs = await this.boss!.fetch(queue, { batchSize, db });
        const fetched: Fetched = { claimed: [], spare: [] };
        const toClaim = new Map<number, string>();
        for (const job of jobs) {
          const data = runItemJobSchema.safeParse(job.data);
          const missing = data.success ? await this.missingKeyFor(tx, data.data.itemId) : undefined;
          if (missing) await leaveForAnotherWorker(tx, data.data!, missing);
          if (data.success && !missing && !toClaim.has(data.data.itemId)) toClaim.set(data.data.itemId, job.id);
          else fetched.spare.push({ jobId: job.id, queue });
        }
        // one statement for the batch: the items no other worker holds are this one's now
        const items = await claimItems(tx, [...toClaim.keys()], this.id, this.staleSeconds);
        for (const item of items) {
          if (queue !== RUN_ITEM_QUEUE) await keyFound(tx, item.runId);
          fetched.claimed.push({ item, jobId: toClaim.get(item.id)!, queue });
          toClaim.delete(item.id);
        }
        for (const jobId of toClaim.values()) fetched.spare.push({ jobId, queue });
        return fetched;
      });
    } catch (error) {
      this.log(`fetch failed: ${(error as Error).message}`);
      return NOTHING_FETCHED;
    }
  }

  /**
   * The variable this process lacks to call the endpoint of a pending item's run, if it lacks one
   * (it found out on an earlier item, less than KEYLESS_MS ago): the item is left for a worker that
   * has it, unclaimed. Read on the fetch's transaction: on the embedded database, another
   * connection would wait for that transaction to end.
   */
  private async missingKeyFor(tx: pg.ClientBase, itemId: number): Promise<string | undefined> {
    for (const [endpointId, { until }] of this.keyless) if (until < Date.now()) this.keyless.delete(endpointId);
    if (this.keyless.size === 0) return undefined;
    const endpointId = await pendingItemEndpoint(tx, itemId);
    return endpointId === undefined ? undefined : this.keyless.get(endpointId)?.variable;
  }

  /** The key queues whose variable is set in this worker's environment: it can call their items' endpoints. */
  private async servedKeyQueues(): Promise<string[]> {
    if (Date.now() - this.keyQueues.at < KEY_QUEUES_MS) return this.keyQueues.queues;
    try {
      const variables = await keyQueueVariables();
      this.keyQueues = { queues: variables.filter((v) => this.env[v]).map(keyQueue), at: Date.now() };
    } catch (error) {
      this.log(`looking up key queues failed: ${(error as Error).message}`);
    }
    return this.keyQueues.queues;
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
      this.completions.add(held.queue, held.jobId);
    }
  }

  /** An unexpected error (a bug, the database away) is tried again a few times, then ends the item. */
  private async giveUpOrRelease(item: ClaimedItem, error: unknown): Promise<void> {
    if (item.attempts < MAX_ATTEMPTS) return releaseItem(item, this.id);
    await this.finish(item, { status: "FAILED", errorKind: "internal", error: `gave up after ${item.attempts} attempts: ${(error as Error).message}` });
  }

  /** Ends an item; when its run ended with it, onRunsEnded hears of it. */
  private async finish(item: ClaimedItem, end: ItemEnd): Promise<void> {
    if (await finishItem(item, this.id, end)) this.runsEnded([item.runId]);
  }

  /** Tells onRunsEnded, without holding up the item's slot; its failure is logged (the next sweep tries again). */
  private runsEnded(runIds: number[]): void {
    if (runIds.length === 0 || !this.onRunsEnded) return;
    const following = this.onRunsEnded(runIds)
      .catch((error: Error) => this.log(`after run(s) ${runIds.join(", ")} ended: ${error.message}`))
      .finally(() => this.following.delete(following));
    this.following.add(following);
  }

  private async work({ item, abort }: Held): Promise<void> {
    let client: ModelClient | undefined;
    let scorer: LimitedScorer | undefined;
    try {
      if (runKinds[item.kind].calls === "scorer") scorer = await this.endpoints.scorer(item.endpointId);
      else client = await this.endpoints.client(item.endpointId);
    } catch (error) {
      // a key another process may have: the item waits for a worker that can call the endpoint
      if (error instanceof MissingEnvironmentError) {
        await ensureKeyQueue(error.variable);
        this.keyless.set(item.endpointId, { variable: error.variable, until: Date.now() + KEYLESS_MS });
        return releaseForAnotherWorker(item, this.id, error.variable);
      }
      // an endpoint deleted, a stored key that does not decrypt: nothing a retry would change
      if (!(error instanceof UserError)) throw error;
      return this.finish(item, { status: "FAILED", errorKind: "endpoint", error: error.message });
    }
    const onRetry = (error: LlmError) => void recordRetry(item, error.kind, error.message).catch(() => {});
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
      const outcome = await processItem(item, { ...deps, versions: this.versions });
      // stopped: paused or this worker is stopping (a cancelled item was already ended by cancel)
      if (outcome === "done") await this.finish(item, { status: "DONE" });
      else if (outcome === "ended") {
        if (await endRunIfNearlyDone(item.runId)) this.runsEnded([item.runId]);
      } else await releaseItem(item, this.id);
    } catch (error) {
      if (error instanceof ItemFailure) return this.finish(item, { status: "FAILED", errorKind: error.kind, error: error.message });
      if (!(error instanceof LlmError)) throw error;
      if (abort.signal.aborted) return releaseItem(item, this.id);
      // a failure retrying did not cure (a 401, a bad request, retries used up): this item only
      await this.finish(item, { status: "FAILED", errorKind: error.kind, error: error.message });
    }
  }

  /** A run's status, read at most once a second per run by this worker (its items asking at once share the read). */
  private currentRunStatus(runId: number): Promise<string> {
    const cached = this.runStatus.get(runId);
    if (cached && Date.now() - cached.at < 1000) return cached.status;
    const status = db
      .selectFrom("Run")
      .select("status")
      .where("id", "=", runId)
      .executeTakeFirst()
      .then((row) => row?.status ?? "CANCELLED");
    status.catch(() => this.runStatus.delete(runId));
    this.runStatus.set(runId, { status, at: Date.now() });
    return status;
  }

  async beat(): Promise<void> {
    const ids = [...this.held.keys()];
    const still = await heartbeat(pgPool(), ids, this.id);
    for (const id of ids) if (!still.has(id)) this.held.get(id)?.abort.abort(); // lost: stop its calls
  }

  async sweep(): Promise<void> {
    const reclaimed = await reclaimStaleItems(this.staleSeconds);
    if (reclaimed > 0) this.log(`took back ${reclaimed} item(s) from a worker that stopped heartbeating`);
    this.runsEnded(await completeFinishedRuns());
  }
}
