import type { Role } from "@/lib/auth/roles";
import type { ExportRunSummary } from "@/lib/server/exports/definitions";

// The answers that route handlers write themselves (rather than passing on one server function's
// answer); each handler checks its body against these with `satisfies`.

/** A state change with nothing else to tell (pause, resume, retry, cancel, a new password). */
export interface Done {
  ok: true;
}

/** A started run of any kind: its id (the form opens its page) and how many items were queued. */
export interface StartedRun {
  runId: number;
  items: number;
}

/** GET /api/runs/selection: how many prompts the run form's selection holds. */
export interface PromptSelectionCount {
  prompts: number;
}

/** GET /api/labels/runs/selection: how many pairs the labeling form's selection holds. */
export interface PairSelectionCount {
  pairs: number;
}

/** POST /api/setup: the first admin, now signed in. */
export interface FirstAdmin {
  id: string;
  email: string;
  role: Role;
}

/** POST /api/exports/[id]/runs: the queued export run, and its id on its own for the button. */
export interface StartedExportRun {
  exportRunId: number;
  run: ExportRunSummary;
}
