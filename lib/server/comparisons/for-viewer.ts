import "server-only";
import { roleAtLeast, type SessionUser } from "@/lib/auth/roles";
import { ForbiddenError } from "../errors";
import { blindQueuesPending } from "../review/blind";
import { findComparisonView, type ComparisonViewData } from "./detail";

// The comparison viewer as the signed-in person may see it. A reviewer who still owes the pair an
// answer in a blind queue (and has not asked there to see the AI's judgment) gets no verdicts, no
// AI labels and no other people's answers or notes here either: opening the pair from a chart, a
// search or a link must not undo what the review screen hides. The queues are named, so they know why.

export type ComparisonForViewer = ComparisonViewData & {
  /** the blind queues that hold back the judgments and people's answers; empty: nothing withheld */
  withheldFor: { id: number; name: string }[];
};

export async function comparisonForViewer(id: number, scope: { run?: number }, user: SessionUser): Promise<ComparisonForViewer | null> {
  const [view, withheldFor] = await Promise.all([findComparisonView(id, scope), pendingFor(id, user)]);
  if (!view) return null;
  if (withheldFor.length === 0) return { ...view, withheldFor };
  return { ...view, judgments: [], humanLabels: [], withheldFor };
}

/** Refuses what a blind reviewer may not see yet (the model calls behind the AI's labels). */
export async function assertNotWithheld(id: number, user: SessionUser): Promise<void> {
  const pending = await pendingFor(id, user);
  if (pending.length > 0) throw new ForbiddenError(`comparison ${id} waits for your blind answer in review queue "${pending[0].name}": its AI labels are shown once you answer there`);
}

function pendingFor(id: number, user: SessionUser) {
  return roleAtLeast(user.role, "REVIEWER") ? blindQueuesPending(id, user.id) : Promise.resolve([]);
}
