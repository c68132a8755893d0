import { z } from "zod";
import type { MeanInterval } from "@/lib/cai/charts/mean-interval";
import type { ArmFailureModes, Interval, PrincipleFlag, WilcoxonResult } from "@/lib/cai/experiments";
import type { ExperimentPhase } from "./experiments";

// An experiment's report as the page, GET /api/experiments/[id]/report and `cai experiment report`
// give it: plain JSON, every figure with the link to the items behind it (`href`). The numbers come
// from lib/cai/experiments; lib/server/experiments/report.ts reads the rows and calls them.

const optionalParam = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());

/** ?seed=&resamples=: a report with another bootstrap seed or number of resamples than the experiment's. */
export const experimentReportQuerySchema = z.object({
  seed: optionalParam(z.coerce.number().int().min(0).max(4_294_967_295)),
  /** at most 5,000: the bootstrap runs on the web server's thread (about 0.2 s per 1,000 at 10,000 prompts) */
  resamples: optionalParam(z.coerce.number().int().min(100).max(5_000)),
  format: optionalParam(z.enum(["json", "csv", "svg"])),
});
export type ExperimentReportQuery = z.infer<typeof experimentReportQuerySchema>;

export type RunStatusName = "QUEUED" | "RUNNING" | "PAUSED" | "CANCELLED" | "SUCCEEDED" | "FAILED";

export interface RunRef {
  id: number;
  name: string;
  status: RunStatusName;
  href: string;
}

/** Where the experiment is: arms still to start or running, judging, scoring, done, or stopped by a failed or cancelled run. */

export interface ReportArm {
  id: number;
  name: string;
  position: number;
  run: RunRef | null;
  /** chains the arm's run made over the experiment's prompts */
  answers: number;
}

export interface Linked<T> {
  value: T;
  href: string | null;
}

export interface PairSection {
  /** the arm whose win rate this is (the later of the two in the experiment's order) */
  arm: { id: number; name: string };
  /** the arm it is compared against (the earlier one: response A of the pairs) */
  opponent: { id: number; name: string };
  /** prompts with a pair of these two arms */
  prompts: number;
  /** pairs without a verdict of the judging run */
  missing: Linked<number>;
  wins: Linked<number>;
  ties: Linked<number>;
  losses: Linked<number>;
  /** (wins + ties / 2) / judged, with its seeded bootstrap interval over prompts and the exact sign test */
  winRate: { n: number; value: number | null; interval: Interval | null; meanPreference: number | null; p: number; href: string };
  /** the judge's preference regressed on ln(length ratio), read at equal length */
  lengthControlled: { n: number; value: number | null; interval: Interval | null; slope: number | null; href: string };
  /** score(arm) - score(opponent) over prompts where both final answers are scored; null without a scoring run */
  scoreDelta: { n: number; mean: number | null; interval: Interval | null; wilcoxon: WilcoxonResult; href: string | null } | null;
  /** Holm-adjusted p of the sign test over all pairs (more than two arms) */
  pHolm: number | null;
  /** the prompts where the judge preferred one arm most strongly, for reading side by side */
  examples: { promptId: number; pArm: number; href: string }[];
}

export interface RankingRow {
  armId: number;
  arm: string;
  strength: number | null;
  rank: number | null;
}

export interface PrincipleRow {
  principleId: number;
  key: string;
  revisions: number;
  /** score(revision) - score(answer revised), mean and t-interval; href: the scored revisions */
  scoreChange: MeanInterval & { href: string | null };
  /** how often the revision won against the answer before it (ties half), Wilson interval; href: those pairs */
  revisionWins: { n: number; wins: number; ties: number; losses: number; share: number; interval: Interval; href: string } | null;
  flag: PrincipleFlag | null;
  scoreFlag: PrincipleFlag | null;
  winFlag: PrincipleFlag | null;
}

export interface ArmPrinciples {
  armId: number;
  arm: string;
  principles: PrincipleRow[];
}

export interface ArmFailureRow extends ArmFailureModes {
  armId: number;
  /** the arm's run: its chains */
  href: string | null;
}

export interface ExperimentReport {
  experiment: {
    id: number;
    name: string;
    dataset: { id: number; name: string };
    createdAt: string;
    /** where it is, read from its runs (lib/server/experiments/status.ts), and what that means here */
    phase: ExperimentPhase;
    message: string;
    judgeRun: RunRef | null;
    scoreRun: RunRef | null;
    /** the score name the deltas and changes are of (the scoring run's), if any */
    scoreName: string | null;
    /** whether revisions were judged against the answers before them (config judge.revisions) */
    revisionsJudged: boolean;
    href: string;
  };
  /** the bootstrap's seed (the experiment's unless asked otherwise) and resamples */
  options: { seed: number; resamples: number };
  arms: ReportArm[];
  counts: {
    prompts: Linked<number>;
    pairs: Linked<number>;
    pairsJudged: Linked<number>;
    pairsMissingVerdict: Linked<number>;
  };
  pairs: PairSection[];
  /** more than two arms: Bradley-Terry strengths over all pairs' counts, strongest first */
  ranking: { arms: RankingRow[]; converged: boolean } | null;
  principles: ArmPrinciples[];
  failureModes: { arms: ArmFailureRow[]; phrases: { phrase: string; counts: number[]; shares: number[] }[] };
}
