import "server-only";
import { sql, type RawBuilder, type SqlBool } from "kysely";

/**
 * The rows past one in a dataset, for tables walked in (promptId, id) order (chains, comparisons;
 * the table aliased `c`): forward, the rows after (promptId, id); back, the rows before. The walk
 * along the (promptId, ...) index stops at the dataset's last (or first) prompt, so a step never
 * reads past the dataset whose neighbour it looks for.
 */
export function pastInDataset(at: { datasetId: number; promptId: number; id: number }, forward: boolean): RawBuilder<SqlBool> {
  return forward
    ? sql<SqlBool>`(c."promptId", c.id) > (${at.promptId}, ${at.id}) AND c."promptId" <= (SELECT max(id) FROM "Prompt" WHERE "datasetId" = ${at.datasetId})`
    : sql<SqlBool>`(c."promptId", c.id) < (${at.promptId}, ${at.id}) AND c."promptId" >= (SELECT min(id) FROM "Prompt" WHERE "datasetId" = ${at.datasetId})`;
}

/** A viewer's previous and next row (j/k), null at either end. */
export interface Neighbours {
  previous: number | null;
  next: number | null;
}

/** The neighbour before and the one after, asked at once: `step(forward)` finds one of them. */
export async function bothNeighbours(step: (forward: boolean) => Promise<{ id: number | null } | undefined>): Promise<Neighbours> {
  const [previous, next] = await Promise.all([step(false), step(true)]);
  return { previous: previous?.id ?? null, next: next?.id ?? null };
}
