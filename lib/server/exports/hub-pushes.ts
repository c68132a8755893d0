import "server-only";
import path from "node:path";
import { sql } from "kysely";
import type pg from "pg";
import { datasetCard } from "@/lib/cai/exports/dataset-card";
import { DATASET_CARD_FILE, type ExportManifest } from "@/lib/cai/exports/manifest";
import type { HubPushRequest } from "@/lib/schemas/exports";
import { recordAudit, type Actor } from "../audit/record";
import { dbOn } from "../db";
import { env } from "../env";
import { ConflictError, NotFoundError } from "../errors";
import { claim, exhausted, finish as finishClaim, heartbeat, kyselyOn, lostClaim, type ClaimTable } from "../jobs/claims";
import { LostClaimError } from "../jobs/lost-claim";
import { bossOn, ensureQueue, HUB_PUSH_QUEUE, HUB_PUSH_QUEUE_OPTIONS, type HubPushJob } from "../jobs/queue";
import { inTransaction } from "../pg";
import type { ExportRunStatus } from "./definitions";
import { exportsDir } from "./files";
import { filesOnDisk, hubTarget, pushFilesToHub, redactToken, type HubFile, type HubTarget } from "./hub";

// Pushes of finished export runs to the Hugging Face Hub (hub.ts uploads). A push is a HubPush row
// and a job on the "hub-push" queue (lib/server/jobs/queue.ts): the request that asks for one
// returns at once, and a worker uploads (hub-jobs.ts); the command line runs the same runHubPush
// in its own process. The row goes QUEUED -> RUNNING (claimed, heartbeated while the files upload,
// claims.ts) -> SUCCEEDED with the commit, or FAILED with a token-free message. A worker that dies
// mid-push leaves a stale claim, which the sweep queues again and the next claim starts over (a
// commit of the same files again changes nothing); after MAX_ATTEMPTS the push is failed instead.
// What goes up: the files the run's manifest lists (its data files and dataset card). Not
// manifest.json: it names who ran the export and the studio's ids, and the card carries its
// provenance. A run written before runs had cards gets one made from its manifest now.

export const HUB_PUSHES: ClaimTable<"HubPush"> = {
  table: "HubPush",
  what: "hub push",
  waiting: "QUEUED",
  claimed: "RUNNING",
  cancelled: "CANCELLED",
  maxAttempts: 3,
  staleWithoutHeartbeat: true,
};

export const PUSH_STALE_SECONDS = 60;
const HEARTBEAT_MS = 5_000;

export interface HubPushSummary {
  id: number;
  exportRunId: number;
  repo: string;
  private: boolean;
  status: ExportRunStatus;
  /** the dataset's page once the push went through */
  datasetUrl: string | null;
  commitOid: string | null;
  commitUrl: string | null;
  error: string | null;
  /** who asked: a user's email, or the command line's actor */
  createdBy: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export function ensureHubPushQueue(): Promise<void> {
  return ensureQueue(HUB_PUSH_QUEUE, HUB_PUSH_QUEUE_OPTIONS);
}

/** Queues a job per push, inside the caller's transaction. */
export async function enqueueHubPushes(client: pg.ClientBase, hubPushIds: number[]): Promise<void> {
  if (hubPushIds.length === 0) return;
  await bossOn(client).insert(hubPushIds.map((hubPushId) => ({ name: HUB_PUSH_QUEUE, data: { hubPushId } satisfies HubPushJob })));
}

const pushRows = (pool: pg.Pool) =>
  kyselyOn(pool)
    .selectFrom("HubPush as h")
    .leftJoin("User as u", "u.id", "h.createdById")
    .select([
      "h.id",
      "h.exportRunId",
      "h.repo",
      "h.private",
      sql<ExportRunStatus>`h.status::text`.as("status"),
      "h.hubUrl",
      "h.commitOid",
      "h.commitUrl",
      "h.error",
      sql<string | null>`coalesce(u.email, h.actor)`.as("createdBy"),
      sql<Date>`h."createdAt"`.as("createdAt"),
      sql<Date | null>`h."finishedAt"`.as("finishedAt"),
    ]);

type PushRow = Awaited<ReturnType<ReturnType<typeof pushRows>["execute"]>>[number];

function summary({ hubUrl, ...row }: PushRow): HubPushSummary {
  return {
    ...row,
    datasetUrl: row.status === "SUCCEEDED" && hubUrl ? `${hubUrl}/datasets/${row.repo}` : null,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** A run's pushes, newest first. */
export async function listHubPushes(pool: pg.Pool, exportRunId: number): Promise<HubPushSummary[]> {
  const rows = await pushRows(pool).where("h.exportRunId", "=", exportRunId).orderBy("h.id", "desc").execute();
  return rows.map(summary);
}

export async function getHubPush(pool: pg.Pool, hubPushId: number): Promise<HubPushSummary | null> {
  const row = await pushRows(pool).where("h.id", "=", hubPushId).executeTakeFirst();
  return row ? summary(row) : null;
}

/**
 * Records a push of a finished run, audited, and (unless `queue` is false: the command line pushes
 * itself) its job, in one transaction. Refused while this process has no HF_TOKEN (the worker
 * started with the studio shares its environment), and for a run that has no files.
 */
export async function createHubPush(pool: pg.Pool, exportRunId: number, request: HubPushRequest, actor: Actor = {}, { queue = true } = {}): Promise<HubPushSummary> {
  hubTarget();
  if (queue) await ensureHubPushQueue();
  const id = await inTransaction(async (client) => {
    const db = dbOn(client);
    const run = await db.selectFrom("ExportRun").select(["status"]).where("id", "=", exportRunId).forShare().executeTakeFirst();
    if (!run) throw new NotFoundError(`There is no export run #${exportRunId}.`);
    if (run.status !== "SUCCEEDED") throw new ConflictError(`only a finished export run can be pushed to the Hub (export run ${exportRunId} is ${run.status.toLowerCase()})`);
    const { id } = await db
      .insertInto("HubPush")
      .values({ exportRunId, repo: request.repo, private: request.private, createdById: actor.userId ?? null, actor: actor.userId ? null : (actor.actor ?? env.CAI_ACTOR ?? null) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(client, { ...actor, action: "export.push", entityType: "exportRun", entityId: exportRunId, after: { hubPushId: id, repo: request.repo, private: request.private } });
    if (queue) await enqueueHubPushes(client, [id]);
    return id;
  }, pool);
  return (await getHubPush(pool, id))!;
}

export interface RunHubPushOptions {
  /** who pushes: stored as claimedBy */
  worker: string;
  /** where run directories are (default exportsDir()) */
  root?: string;
  /** the environment the token and the Hub's address are read from (default process.env) */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Claims push `hubPushId` and uploads its run's files, heartbeating meanwhile; ends it SUCCEEDED
 * with the commit or FAILED with why. Does nothing if another worker holds it or it ended.
 */
export async function runHubPush(pool: pg.Pool, hubPushId: number, options: RunHubPushOptions): Promise<void> {
  const k = kyselyOn(pool);
  const { numUpdatedRows } = await exhausted(k, HUB_PUSHES, PUSH_STALE_SECONDS)
    .set({ status: "FAILED", error: sql<string>`format('given up after %s attempts: each worker that took this push stopped before finishing it', attempts)` })
    .where("id", "=", hubPushId)
    .executeTakeFirstOrThrow();
  if (numUpdatedRows === 1n) return;
  const claimed = await claim(k, HUB_PUSHES, hubPushId, options.worker, PUSH_STALE_SECONDS)
    .set({ startedAt: sql`now()`, error: null })
    .returning(["HubPush.id", "HubPush.exportRunId", "HubPush.repo", "HubPush.private"])
    .executeTakeFirst();
  if (!claimed) return;

  let target: HubTarget | null = null;
  const aborted = new AbortController();
  const timer = setInterval(() => {
    heartbeat(k, HUB_PUSHES, [hubPushId], options.worker).then(
      (held) => held.has(hubPushId) || aborted.abort(lostClaim(HUB_PUSHES, hubPushId)),
      () => {}, // the next beat tries again; a claim gone stale is taken over and this one fenced
    );
  }, HEARTBEAT_MS);
  try {
    target = hubTarget(options.env);
    const run = await k.selectFrom("ExportRun").select(["status", "directory", "manifest"]).where("id", "=", claimed.exportRunId).executeTakeFirst();
    if (run?.status !== "SUCCEEDED" || !run.directory) throw new Error(`export run ${claimed.exportRunId} has no files to push`);
    const manifest = run.manifest as unknown as ExportManifest;
    const directory = path.join(options.root ?? exportsDir(), run.directory);
    const names = manifest.files.map((file) => file.name);
    const files: HubFile[] = filesOnDisk(directory, names);
    if (!names.includes(DATASET_CARD_FILE)) files.push({ name: DATASET_CARD_FILE, source: { text: datasetCard(manifest) } });
    const commit = await pushFilesToHub(target, {
      repo: claimed.repo,
      private: claimed.private,
      files,
      title: `CAI Studio export run #${claimed.exportRunId}: ${manifest.exportName}`.slice(0, 200),
      description: `${manifest.layout} rows as ${manifest.fileType}, ${manifest.counts.written} written; provenance in README.md.`,
      signal: aborted.signal,
    });
    clearInterval(timer);
    const ended = await finishClaim(k, HUB_PUSHES, hubPushId, options.worker, "SUCCEEDED")
      .set({ hubUrl: target.hubUrl, commitOid: commit.commitOid, commitUrl: commit.commitUrl })
      .executeTakeFirstOrThrow();
    if (ended.numUpdatedRows === 0n) throw lostClaim(HUB_PUSHES, hubPushId);
  } catch (error) {
    clearInterval(timer);
    if (error instanceof LostClaimError || aborted.signal.aborted) return;
    const message = redactToken((error as Error).message, target?.token ?? readToken(options.env));
    await finishClaim(k, HUB_PUSHES, hubPushId, options.worker, "FAILED")
      .set({ error: message, hubUrl: target?.hubUrl ?? null })
      .execute();
  }
}

const readToken = (env: RunHubPushOptions["env"]) => (env ?? process.env).HF_TOKEN ?? "";
