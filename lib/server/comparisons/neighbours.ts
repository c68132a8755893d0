import "server-only";
import { db } from "../db";
import { bothNeighbours, pastInDataset, type Neighbours } from "../prompts/dataset-walk";

// The comparison before and after one, for j/k in the viewer. A labeling run's comparisons follow
// each other through its items (the (runId, comparisonId) unique index answers "the next one"
// directly); a sampling run's pairs by id among the pairs it made; otherwise the comparisons of the
// prompt's dataset in (prompt, id) order, as the chain viewer walks imported chains.

export type Scope = { kind: "run"; run: { id: number; name: string; kind: "LABEL" | "SAMPLE" } } | { kind: "dataset"; datasetId: number; promptId: number };

export async function neighbours(scope: Scope, comparisonId: number): Promise<Neighbours> {
  if (scope.kind === "run" && scope.run.kind === "LABEL") {
    const runId = scope.run.id;
    const step = (forward: boolean) =>
      db
        .selectFrom("RunItem")
        .select("comparisonId as id")
        .where("runId", "=", runId)
        .where("comparisonId", forward ? ">" : "<", comparisonId)
        .orderBy("comparisonId", forward ? "asc" : "desc")
        .limit(1)
        .executeTakeFirst();
    return bothNeighbours(step);
  }
  if (scope.kind === "run") {
    const runId = scope.run.id;
    const step = (forward: boolean) =>
      db
        .selectFrom("Comparison")
        .select("id")
        .where("runId", "=", runId)
        .where("id", forward ? ">" : "<", comparisonId)
        .orderBy("id", forward ? "asc" : "desc")
        .limit(1)
        .executeTakeFirst();
    return bothNeighbours(step);
  }
  const { datasetId, promptId } = scope;
  const step = (forward: boolean) =>
    db
      .selectFrom("Comparison as c")
      .innerJoin("Prompt as p", "p.id", "c.promptId")
      .select("c.id")
      .where("p.datasetId", "=", datasetId)
      .where(pastInDataset({ datasetId, promptId, id: comparisonId }, forward))
      .orderBy("c.promptId", forward ? "asc" : "desc")
      .orderBy("c.id", forward ? "asc" : "desc")
      .limit(1)
      .executeTakeFirst();
  return bothNeighbours(step);
}
