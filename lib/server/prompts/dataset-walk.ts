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
