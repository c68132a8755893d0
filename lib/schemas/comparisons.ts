import { z } from "zod";
import { id } from "@/lib/schemas/ids";

// The comparisons table's query, as it appears in the page's URL and in GET /api/comparisons: the
// server page, the route handler and the browser read it with this one schema, so a link copied
// from the address bar shows the same rows everywhere.

export const COMPARISON_PAGE_SIZE = 50;

/** A URL parameter that may be absent or empty; both mean "not set". */
function param<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());
}

export const COMPARISON_SOURCES = ["IMPORTED", "CHAIN", "SAMPLES", "MANUAL", "ARMS"] as const;
export type ComparisonSource = (typeof COMPARISON_SOURCES)[number];

const probability = z.coerce.number().min(0).max(1);

const P_A_OF = ["used", "raw"] as const;
const HUMAN_ANSWER_SOURCES = ["any", "review", "imported"] as const;

/** a verdict's winner: response A, response B, or neither (P(A) within DEFAULT_TIE_MARGIN of 0.5, as lib/cai/experiments/win-rate.ts reads it) */
export const COMPARISON_OUTCOMES = ["A", "B", "tie"] as const;

/** the list's P(A) ranges, each [min, max) and refused when empty */
const RANGES = [
  ["pAMin", "pAMax"],
  ["abMin", "abMax"],
  ["baMin", "baMax"],
] as const;

export const comparisonListQuerySchema = z
  .object({
    dataset: param(id),
    source: param(z.enum(COMPARISON_SOURCES)),
    /** yes: some labeling run (or the run filtered on) has a verdict on it; no: none has */
    judged: param(z.enum(["yes", "no"])),
    /**
     * only pairs whose verdict flipped with the order, for at least one principle; with `principle`
     * or `endpoint`, pairs whose labels by that principle (or judge) picked different answers in the
     * two orders, as the position-bias and principle charts count a flip
     */
    flipped: param(z.stringbool()),
    /** a labeling run (the pairs it judged), a sampling run (the pairs it made), or an SL-CAI run (pairs of its chains) */
    run: param(id),
    /**
     * a verdict's P(A) in [pAMin, pAMax) (of the labeling run filtered on, else of any run), the
     * upper edge closed at 1; edges as the charts bin them (lib/cai/charts/unit-bins.ts): a value a
     * billionth of the range's width below an edge counts as on it
     */
    pAMin: param(probability),
    pAMax: param(probability),
    /** which P(A) the range reads: as used (clamped under chain of thought; the default) or raw */
    pAOf: param(z.enum(P_A_OF)),
    /**
     * a principle's labels of the pair in both orders with P(A) in these ranges: shown first (order
     * AB) in [abMin, abMax), shown second (BA) in [baMin, baMax), edges as pAMin/pAMax: a cell of the
     * position-bias chart's order grid
     */
    abMin: param(probability),
    abMax: param(probability),
    baMin: param(probability),
    baMax: param(probability),
    /** pairs a preference principle labelled (in the labeling run filtered on, if any) */
    principle: param(id),
    /** pairs a judge endpoint labelled */
    endpoint: param(id),
    /** pairs with a current human answer (A, B or tie): anyone's, the studio's reviewers', or imported */
    humans: param(z.enum(HUMAN_ANSWER_SOURCES)),
    /**
     * a constitution experiment's cross-arm pairs (ExperimentPair); judged, outcome and the P(A)
     * range then read the experiment's judging run unless a labeling run is filtered on
     */
    experiment: param(id),
    /** with experiment: the pairs of these arms (ExperimentArm ids), X being response A and Y response B */
    armX: param(id),
    armY: param(id),
    /** the verdict's winner (P(A) as used above, below or within a billionth of 0.5), of the run read as for `judged` */
    outcome: param(z.enum(COMPARISON_OUTCOMES)),
    /** pairs of a revision by this critique principle and the answer it revised (as lib/server/labels/pairs.ts makes them) */
    revisedBy: param(id),
    /** keyset cursors: rows with a smaller id (the next page) or a larger id (the previous page) */
    before: param(id),
    after: param(id),
    limit: param(z.coerce.number().int().min(1).max(200)),
  })
  .superRefine((query, ctx) => {
    for (const [min, max] of RANGES) {
      const low = query[min];
      const high = query[max];
      if (low !== undefined && high !== undefined && !(low < high)) ctx.addIssue({ code: "custom", message: `${max} must be above ${min}`, path: [max] });
    }
  });

export type ComparisonListQuery = z.infer<typeof comparisonListQuerySchema>;

const KEYS = [
  "dataset",
  "source",
  "judged",
  "flipped",
  "run",
  "pAMin",
  "pAMax",
  "pAOf",
  "abMin",
  "abMax",
  "baMin",
  "baMax",
  "principle",
  "endpoint",
  "humans",
  "experiment",
  "armX",
  "armY",
  "outcome",
  "revisedBy",
  "before",
  "after",
  "limit",
] as const;

/** The filters of a query (not its cursors or page size): what the list's chips show and remove. */
export const COMPARISON_FILTER_KEYS = KEYS.filter((key) => key !== "before" && key !== "after" && key !== "limit");

/** The query as URL parameters, leaving out what is not set, in a stable order. */
export function comparisonListSearchParams(query: ComparisonListQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = query[key];
    if (value === undefined || value === false) continue;
    params.set(key, String(value));
  }
  return params;
}

export interface ComparisonSide {
  id: number;
  origin: "INITIAL" | "REVISION" | "SAMPLE" | "IMPORTED";
  producer: string | null;
}

export interface VerdictSummary {
  runId: number;
  /** P(response A is better), raw */
  pA: number;
  /** the same from clamped values (chain of thought), else equal to pA */
  pAUsed: number;
  flips: number;
  spread: number;
  principles: number;
  method: "LOGPROBS" | "SAMPLED" | "STATED";
  chainOfThought: boolean;
}

export interface ComparisonRow {
  id: number;
  promptId: number;
  /** the start of the prompt's last user turn */
  preview: string;
  datasetId: number;
  datasetName: string;
  source: ComparisonSource;
  a: ComparisonSide;
  b: ComparisonSide;
  /** the newest verdict (of the run filtered on, when it is a labeling run) */
  verdict: VerdictSummary | null;
  /** labeling runs that have a verdict on it */
  verdicts: number;
  /** current human labels (superseded ones are not counted) */
  humanLabels: number;
  createdAt: string;
  /** the verdict is held back: the signed-in reviewer owes this pair a blind answer */
  withheld?: boolean;
}

export interface ComparisonPage {
  rows: ComparisonRow[];
  /**
   * comparisons matching the filters, counted on a page without a cursor (the first, in either
   * direction of travel): paging on keeps the count the browser has, instead of counting again
   */
  total?: number;
  /** the cursor for older rows (`before`), when there are any */
  nextBefore?: number;
  /** the cursor for newer rows (`after`), when there are any */
  prevAfter?: number;
}
