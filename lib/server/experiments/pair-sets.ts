import "server-only";
import { sql, type RawBuilder } from "kysely";

// Which comparisons and which chains belong to a constitution experiment, as SQL the run kinds put
// in their selections (a judging run's pairs, a scoring run's chains) and the report reads alike.
// A leaf: it imports nothing of the studio, so the run kinds can use it without an import circle.

/**
 * The final answer of a chain (its alias in the query): its last step's revision, or its initial
 * response when it has no step. The pairs are made of these, and the report and a prompt's page
 * read them: `join` goes in the FROM list (a lateral join, which the report's 20,000 chains need:
 * a correlated subquery made the report a third slower), `id` and `revisions` where they are read.
 */
export function finalAnswer(chain: string) {
  const ch = sql.ref(chain);
  return {
    join: sql`LEFT JOIN LATERAL (SELECT s."revisionId", s.index FROM "ChainStep" s WHERE s."chainId" = ${ch}.id ORDER BY s.index DESC LIMIT 1) last ON true`,
    id: sql<number>`coalesce(last."revisionId", ${ch}."initialResponseId")`,
    revisions: sql<number>`coalesce(last.index, 0)`,
  };
}

/** The chains the experiment's arms made (one per prompt and arm run). */
export function experimentChainIds(experimentId: number): RawBuilder<{ id: number }> {
  return sql<{ id: number }>`SELECT ch.id FROM "ExperimentArm" arm JOIN "Chain" ch ON ch."runId" = arm."runId" WHERE arm."experimentId" = ${experimentId}`;
}

/**
 * The experiment's CHAIN comparisons: each revision of an arm's chain against the answer before it
 * (the initial response for revision 1), whichever of the two is response A.
 */
export function experimentChainComparisonIds(experimentId: number): RawBuilder<{ id: number }> {
  return sql<{ id: number }>`SELECT c.id
    FROM "ExperimentArm" arm
    JOIN "Chain" ch ON ch."runId" = arm."runId"
    JOIN "ChainStep" s ON s."chainId" = ch.id
    LEFT JOIN "ChainStep" previous ON previous."chainId" = ch.id AND previous.index = s.index - 1
    JOIN "Comparison" c ON c."promptId" = ch."promptId" AND c.source = 'CHAIN'
      AND least(c."responseAId", c."responseBId") = least(coalesce(previous."revisionId", ch."initialResponseId"), s."revisionId")
      AND greatest(c."responseAId", c."responseBId") = greatest(coalesce(previous."revisionId", ch."initialResponseId"), s."revisionId")
    WHERE arm."experimentId" = ${experimentId}`;
}

/** Every comparison of the experiment: its ARMS pairs (ExperimentPair) and its CHAIN pairs. */
export function experimentComparisonIds(experimentId: number): RawBuilder<{ id: number }> {
  return sql<{ id: number }>`SELECT "comparisonId" AS id FROM "ExperimentPair" WHERE "experimentId" = ${experimentId}
    UNION ${experimentChainComparisonIds(experimentId)}`;
}
