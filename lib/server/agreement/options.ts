import "server-only";
import { pgPool } from "../pg";

/** What the agreement page can be asked about: datasets with AI verdicts, and their labeling runs. */
export async function agreementOptions(): Promise<{ datasets: { id: number; name: string }[]; runs: { id: number; datasetId: number; name: string }[] }> {
  const { rows } = await pgPool().query<{ datasetId: number; dataset: string; runId: number; run: string }>(
    `SELECT d.id AS "datasetId", d.name AS dataset, r.id AS "runId", coalesce(nullif(r.name, ''), 'labeling run #' || r.id) AS run
     FROM "Run" r JOIN "Dataset" d ON d.id = r."datasetId" WHERE r.kind = 'LABEL' ORDER BY d.name, r.id DESC`,
  );
  const datasets = new Map(rows.map((r) => [r.datasetId, { id: r.datasetId, name: r.dataset }]));
  return { datasets: [...datasets.values()], runs: rows.map((r) => ({ id: r.runId, datasetId: r.datasetId, name: r.run })) };
}
