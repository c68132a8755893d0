import "server-only";
import { prisma } from "../db";

// What the new-queue form offers: labeling runs with how many verdicts they have (the pairs a queue
// over them can hold), and datasets with how many pairs (for a spot check without a run).

export interface QueueFormOptions {
  labelRuns: { id: number; name: string; status: string; datasetId: number | null; datasetName: string | null; verdicts: number; chainOfThought: boolean; createdAt: string }[];
  datasets: { id: number; name: string; comparisons: number }[];
}

export async function queueFormOptions(): Promise<QueueFormOptions> {
  const [runs, datasets] = await Promise.all([
    prisma.$queryRaw<{ id: number; name: string; status: string; datasetId: number | null; datasetName: string | null; verdicts: number; config: { chainOfThought?: boolean } | null; createdAt: Date }[]>`
      SELECT r.id, r.name, r.status::text AS status, r."datasetId", d.name AS "datasetName", r.config, r."createdAt",
             (SELECT count(*)::int FROM "AiVerdict" v WHERE v."runId" = r.id) AS verdicts
        FROM "Run" r LEFT JOIN "Dataset" d ON d.id = r."datasetId"
       WHERE r.kind = 'LABEL' ORDER BY r.id DESC LIMIT 200`,
    prisma.$queryRaw<{ id: number; name: string; comparisons: number }[]>`
      SELECT d.id, d.name, coalesce(sum(p."comparisonCount"), 0)::int AS comparisons
        FROM "Dataset" d LEFT JOIN "Prompt" p ON p."datasetId" = d.id GROUP BY d.id ORDER BY d.name`,
  ]);
  return {
    labelRuns: runs.map(({ config, createdAt, ...run }) => ({ ...run, chainOfThought: config?.chainOfThought === true, createdAt: createdAt.toISOString() })),
    datasets,
  };
}
