import { z } from "zod";
import { id } from "@/lib/schemas/ids";

// The prompts table's query, as it appears in the page's URL and in GET /api/prompts: the server
// page, the route handler and the browser all read it with this one schema, so a link copied from
// the address bar shows the same rows everywhere.

export const PROMPT_PAGE_SIZE = 50;

/** A URL parameter that may be absent or empty; both mean "not set". */
function param<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());
}

export const promptListQuerySchema = z.object({
  q: param(z.string().trim().max(200)),
  /**
   * where the words are looked for: the prompts alone (the default), or also their answers,
   * revisions and critiques ("all": several times slower at paper scale, p95 about 120 ms against
   * 30, so asked for, not the default)
   */
  in: param(z.enum(["prompts", "all"])),
  dataset: param(id),
  tag: param(z.string().trim().max(100)),
  hasChains: param(z.stringbool()),
  hasLabels: param(z.stringbool()),
  /** keyset cursors: rows with a smaller id (the next page) or a larger id (the previous page) */
  before: param(id),
  after: param(id),
  limit: param(z.coerce.number().int().min(1).max(200)),
});

export type PromptListQuery = z.infer<typeof promptListQuerySchema>;

/** The query as URL parameters, leaving out what is not set, in a stable order. */
export function promptListSearchParams(query: PromptListQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["q", "in", "dataset", "tag", "hasChains", "hasLabels", "before", "after", "limit"] as const) {
    const value = query[key];
    if (value === undefined || value === false || value === "") continue;
    params.set(key, String(value));
  }
  return params;
}

export interface PromptRow {
  id: number;
  /** the start of the conversation's last user turn */
  preview: string;
  datasetId: number;
  datasetName: string;
  tags: string[];
  turns: number;
  chains: number;
  comparisons: number;
  labels: number;
  createdAt: string;
}

/** How many prompts a list's query matches: exact, or null when counting took too long. */
export interface PromptCount {
  count: number | null;
}

export interface PromptPage {
  rows: PromptRow[];
  /** the cursor for older rows (`before`), when there are any */
  nextBefore?: number;
  /** the cursor for newer rows (`after`), when there are any */
  prevAfter?: number;
}
