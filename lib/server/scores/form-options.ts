import "server-only";
import { sql } from "kysely";
import { db } from "../db";

// What the scoring-run and Bradley-Terry forms offer: datasets with how many chains and pairs they
// hold, the scoring endpoints (kind SCORER only: model endpoints cannot score), the runs whose chains
// or pairs a scoring run can keep to, and the labeling runs a fit can read.

export interface ScoreFormOptions {
  datasets: { id: number; name: string; chains: number; comparisons: number }[];
  endpoints: { id: number; name: string; model: string; scoreFormat: string }[];
  /** SL-CAI runs (their chains) and sampling runs (their pairs), newest first */
  sourceRuns: { id: number; name: string; kind: "SL_CAI" | "SAMPLE"; datasetId: number | null }[];
  /** labeling runs, newest first: a fit reads their verdicts */
  labelRuns: { id: number; name: string; datasetId: number | null }[];
}

export async function scoreFormOptions(): Promise<ScoreFormOptions> {
  const [datasets, counts, endpoints, runs] = await Promise.all([
    db.selectFrom("Dataset").select(["id", "name"]).orderBy("name").execute(),
    db
      .selectFrom("Prompt")
      .select(["datasetId as id", sql<number>`sum("chainCount")::int`.as("chains"), sql<number>`sum("comparisonCount")::int`.as("comparisons")])
      .groupBy(sql`1`)
      .execute(),
    db.selectFrom("ModelEndpoint").select(["id", "name", "model", "params"]).where("kind", "=", "SCORER").orderBy("name").execute(),
    db.selectFrom("Run").select(["id", "name", "kind", "datasetId"]).where("kind", "in", ["SL_CAI", "SAMPLE", "LABEL"]).orderBy("id", "desc").limit(300).execute(),
  ]);
  const byDataset = new Map(counts.map((row) => [row.id, row]));
  const named = (run: { id: number; name: string }) => run.name || `run #${run.id}`;
  return {
    datasets: datasets.map((d) => ({ ...d, chains: byDataset.get(d.id)?.chains ?? 0, comparisons: byDataset.get(d.id)?.comparisons ?? 0 })),
    endpoints: endpoints.map((e) => ({ id: e.id, name: e.name, model: e.model, scoreFormat: ((e.params ?? {}) as { scoreFormat?: string }).scoreFormat ?? "vllm-pooling" })),
    sourceRuns: runs.flatMap((r) => (r.kind === "SL_CAI" || r.kind === "SAMPLE" ? [{ id: r.id, name: named(r), kind: r.kind, datasetId: r.datasetId }] : [])),
    labelRuns: runs.flatMap((r) => (r.kind === "LABEL" ? [{ id: r.id, name: named(r), datasetId: r.datasetId }] : [])),
  };
}
