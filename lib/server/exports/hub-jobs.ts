import "server-only";
import { sql, type SqlBool } from "kysely";
import { dbOn } from "../db";
import type { HandlerBasics, JobHandler } from "../jobs/handler";
import { isStale, release } from "../jobs/claims";
import { HUB_PUSH_QUEUE, hubPushJobSchema } from "../jobs/queue";
import { Slots, takeJobs } from "../jobs/slots";
import { inTransaction, pgPool } from "../pg";
import { enqueueHubPushes, ensureHubPushQueue, HUB_PUSHES, PUSH_STALE_SECONDS, runHubPush } from "./hub-pushes";

// The worker's handler of Hub pushes (lib/server/worker.ts): like export runs (jobs.ts), jobs are
// taken and ended in one transaction, then runHubPush claims the push, heartbeats it while the
// files upload and ends it. A push is network work, not CPU: a few at once. The sweep gives a job
// back to pushes a dead worker left.

const SLOTS = 2;

export class HubPushJobs implements JobHandler {
  private readonly pushing: Slots;
  private lastPoll = 0;

  constructor(private readonly options: HandlerBasics & { slots?: number }) {
    this.pushing = new Slots(options.slots ?? SLOTS);
  }

  ensureQueues(): Promise<void> {
    return ensureHubPushQueue();
  }

  describe(): string {
    const slots = this.pushing.size;
    return `${slots} Hub push slot${slots === 1 ? "" : "s"}`;
  }

  start(): void {}

  /** runHubPush heartbeats its push itself. */
  async beat(): Promise<void> {}

  halt(): void {}

  async poll(): Promise<boolean> {
    const free = this.pushing.free;
    if (free <= 0 || Date.now() - this.lastPoll < this.options.pollMs) return false;
    this.lastPoll = Date.now();
    let ids: number[];
    try {
      ids = await takeJobs(HUB_PUSH_QUEUE, hubPushJobSchema, "hubPushId", free);
    } catch (error) {
      this.options.log(`hub push fetch failed: ${(error as Error).message}`);
      return false;
    }
    return this.pushing.start(ids, (id) => this.push(id));
  }

  /** Gives its pushes back (QUEUED, with a new job) and waits for their uploads to notice. */
  async stop(): Promise<void> {
    const ids = this.pushing.ids();
    if (ids.length > 0) {
      await inTransaction(async (tx) => {
        const rows = await release(dbOn(tx), HUB_PUSHES, ids, this.options.workerId, { counted: false }).returning("id").execute();
        await enqueueHubPushes(
          tx,
          rows.map((r) => r.id),
        );
      }).catch((error: Error) => this.options.log(`giving Hub pushes back failed: ${error.message}`));
    }
    await this.pushing.settled();
  }

  /** A new job for each push queued without one for a while, or whose worker stopped heartbeating. */
  async sweep(): Promise<void> {
    const staleSeconds = this.options.staleSeconds;
    const ids = await inTransaction(async (tx) => {
      const rows = await dbOn(tx)
        .selectFrom("HubPush")
        .select("HubPush.id")
        .where((eb) =>
          eb.or([
            eb.and([eb("HubPush.status", "=", "QUEUED"), sql<SqlBool>`"HubPush"."createdAt" < now() - make_interval(secs => ${staleSeconds})`]),
            eb.and([eb("HubPush.status", "=", "RUNNING"), isStale(HUB_PUSHES, Math.max(staleSeconds, PUSH_STALE_SECONDS))]),
          ]),
        )
        .where(({ not, exists }) =>
          not(exists(sql`(SELECT 1 FROM pgboss.job j WHERE j.name = ${HUB_PUSH_QUEUE} AND j.state IN ('created', 'retry') AND j.data->>'hubPushId' = "HubPush".id::text)`)),
        )
        .orderBy("HubPush.id")
        .forUpdate("HubPush")
        .skipLocked()
        .execute();
      const found = rows.map((r) => r.id);
      await enqueueHubPushes(tx, found);
      return found;
    });
    if (ids.length > 0) this.options.log(`queued Hub push(es) ${ids.join(", ")} again: nobody was pushing them`);
  }

  private async push(hubPushId: number): Promise<void> {
    try {
      await runHubPush(pgPool(), hubPushId, { worker: this.options.workerId });
    } catch (error) {
      // runHubPush records a failure on the push itself; what reaches here is the database gone away
      this.options.log(`hub push ${hubPushId}: ${(error as Error).stack ?? error}`);
    }
  }
}
