import "server-only";
import { sql } from "kysely";
import { db } from "../db";

/** What the agreement page can be asked about: datasets with AI verdicts, and their labeling runs. */
export async function agreementOptions(): Promise<{ datasets: { id: number; name: string }[]; runs: { id: number; datasetId: number; name: string }[] }> {
  const rows = await db
    .selectFrom("Run as r")
    .innerJoin("Dataset as d", "d.id", "r.datasetId")
    .select(["d.id as datasetId", "d.name as dataset", "r.id as runId", sql<string>`coalesce(nullif(r.name, ''), 'labeling run #' || r.id)`.as("run")])
    .where("r.kind", "=", "LABEL")
    .orderBy("d.name")
    .orderBy("r.id", "desc")
    .execute();
  const datasets = new Map(rows.map((r) => [r.datasetId, { id: r.datasetId, name: r.dataset }]));
  return { datasets: [...datasets.values()], runs: rows.map((r) => ({ id: r.runId, datasetId: r.datasetId, name: r.run })) };
}
