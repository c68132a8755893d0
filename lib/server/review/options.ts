import "server-only";
import { sql } from "kysely";
import type { JsonValue } from "@/lib/generated/db/types";
import { recordedFields } from "@/lib/schemas/run-config";
import { db, utc } from "../db";

// What the new-queue form offers: labeling runs with how many verdicts they have (the pairs a queue
// over them can hold), and datasets with how many pairs (for a spot check without a run).

export interface QueueFormOptions {
  labelRuns: { id: number; name: string; status: string; datasetId: number | null; datasetName: string | null; verdicts: number; chainOfThought: boolean; createdAt: string }[];
  datasets: { id: number; name: string; comparisons: number }[];
}

export async function queueFormOptions(): Promise<QueueFormOptions> {
  const [runs, datasets] = await Promise.all([
    db
      .selectFrom("Run as r")
      .leftJoin("Dataset as d", "d.id", "r.datasetId")
      .select(["r.id", "r.name", sql<string>`r.status::text`.as("status"), "r.datasetId", "d.name as datasetName", "r.config", utc("r.createdAt").as("createdAt")])
      .select(sql<number>`(SELECT count(*)::int FROM "AiVerdict" v WHERE v."runId" = r.id)`.as("verdicts"))
      .where("r.kind", "=", "LABEL")
      .orderBy("r.id", "desc")
      .limit(200)
      .execute(),
    db
      .selectFrom("Dataset as d")
      .leftJoin("Prompt as p", "p.datasetId", "d.id")
      .select(["d.id", "d.name", sql<number>`coalesce(sum(p."comparisonCount"), 0)::int`.as("comparisons")])
      .groupBy("d.id")
      .orderBy("d.name")
      .execute(),
  ]);
  return {
    labelRuns: runs.map(({ config, createdAt, ...run }) => ({ ...run, chainOfThought: chainOfThought(config), createdAt: createdAt.toISOString() })),
    datasets,
  };
}

/** A labeling run's config says whether it asked for reasoning first. */
function chainOfThought(config: JsonValue): boolean {
  return recordedFields("LABEL", config).chainOfThought === true;
}
