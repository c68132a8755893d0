import "server-only";
import { prisma } from "../db";

// The comparison before and after one, for j/k in the viewer. A labeling run's comparisons follow
// each other through its items (the (runId, comparisonId) unique index answers "the next one"
// directly); a sampling run's pairs by id among the pairs it made; otherwise the comparisons of the
// prompt's dataset in (prompt, id) order, as the chain viewer walks imported chains.

export type Scope =
  | { kind: "run"; run: { id: number; name: string; kind: "LABEL" | "SAMPLE" } }
  | { kind: "dataset"; datasetId: number; promptId: number };

export interface Neighbours {
  previous: number | null;
  next: number | null;
}

export async function neighbours(scope: Scope, comparisonId: number): Promise<Neighbours> {
  if (scope.kind === "run" && scope.run.kind === "LABEL") {
    const runId = scope.run.id;
    const [previous, next] = await Promise.all([
      prisma.runItem.findFirst({ where: { runId, comparisonId: { lt: comparisonId } }, orderBy: { comparisonId: "desc" }, select: { comparisonId: true } }),
      prisma.runItem.findFirst({ where: { runId, comparisonId: { gt: comparisonId } }, orderBy: { comparisonId: "asc" }, select: { comparisonId: true } }),
    ]);
    return { previous: previous?.comparisonId ?? null, next: next?.comparisonId ?? null };
  }
  if (scope.kind === "run") {
    const runId = scope.run.id;
    const [previous, next] = await Promise.all([
      prisma.comparison.findFirst({ where: { runId, id: { lt: comparisonId } }, orderBy: { id: "desc" }, select: { id: true } }),
      prisma.comparison.findFirst({ where: { runId, id: { gt: comparisonId } }, orderBy: { id: "asc" }, select: { id: true } }),
    ]);
    return { previous: previous?.id ?? null, next: next?.id ?? null };
  }
  // the walk along the (promptId, ...) unique index stops at the dataset's first or last prompt
  const step = (forward: boolean) =>
    prisma.$queryRawUnsafe<{ id: number }[]>(
      `SELECT c.id FROM "Comparison" c JOIN "Prompt" p ON p.id = c."promptId"
        WHERE p."datasetId" = $1
          AND ${forward
            ? `(c."promptId", c.id) > ($2, $3) AND c."promptId" <= (SELECT max(id) FROM "Prompt" WHERE "datasetId" = $1)`
            : `(c."promptId", c.id) < ($2, $3) AND c."promptId" >= (SELECT min(id) FROM "Prompt" WHERE "datasetId" = $1)`}
        ORDER BY ${forward ? `c."promptId", c.id` : `c."promptId" DESC, c.id DESC`} LIMIT 1`,
      scope.datasetId,
      scope.promptId,
      comparisonId,
    );
  const [previous, next] = await Promise.all([step(false), step(true)]);
  return { previous: previous[0]?.id ?? null, next: next[0]?.id ?? null };
}
