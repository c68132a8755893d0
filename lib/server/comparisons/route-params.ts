import "server-only";
import { z } from "zod";
import { id } from "@/lib/schemas/ids";
import { labelRunRequestSchema } from "@/lib/schemas/labels";

// The URL parameters of the comparison and label routes, read with zod like every other input: an
// id that is not one is the caller's mistake (400, named by field), not a missing row (404).

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());

/** /api/comparisons/[id]/... */
export const comparisonIdParamsSchema = z.object({ id });

/** /api/comparisons/[id]?run=: the labeling (or sampling) run whose comparisons j/k walks */
export const comparisonViewQuerySchema = z.object({ run: optional(id) });

/** /api/comparisons/[id]/calls?ids=1,2 */
export const comparisonCallsQuerySchema = z.object({
  ids: z.string().transform((text, ctx) => {
    const parsed = z.array(id).min(1).max(64).safeParse(text.split(",").filter(Boolean));
    if (!parsed.success) ctx.addIssue({ code: "custom", message: "a comma-separated list of 1 to 64 call ids" });
    return parsed.data ?? [];
  }),
});

/**
 * The labeling form's pair selection as flat URL parameters (datasetId, source, pairRunId,
 * unjudgedOnly, limit, endpointId), read into the run request's own shape, so the count the form
 * shows is made by the same selection the run makes. The endpoint matters only to "unjudged only"
 * (pairs this endpoint has not judged), so the count can be shown before an endpoint is chosen;
 * without one, 0 stands for "none", which the selection never reads.
 */
export const pairSelectionQuerySchema = z
  .preprocess(
    (value) => {
      const { datasetId, endpointId, source, pairRunId, unjudgedOnly, limit } = (value ?? {}) as Record<string, string | undefined>;
      const blank = (text?: string) => (text === undefined || text.trim() === "" ? undefined : text);
      return {
        datasetId,
        endpointId: blank(endpointId),
        pairs: {
          source: blank(source),
          pairRunId: blank(pairRunId),
          unjudgedOnly: unjudgedOnly === "true",
          limit: blank(limit) === undefined ? undefined : Number(limit),
        },
      };
    },
    labelRunRequestSchema.pick({ datasetId: true, pairs: true }).extend({ endpointId: id.optional() }),
  )
  .superRefine((selection, ctx) => {
    if (selection.pairs.unjudgedOnly && selection.endpointId === undefined) {
      ctx.addIssue({ code: "custom", path: ["endpointId"], message: "choose the endpoint whose judged pairs to leave out" });
    }
  });
