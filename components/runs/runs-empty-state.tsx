import Link from "next/link";
import type { ReactNode } from "react";
import { EmptyState } from "@/components/ui/empty-state";

export interface RunPrerequisites {
  datasets: number;
  endpoints: number;
  /** constitution versions with at least one critique-revision principle */
  constitutions: number;
}

/**
 * What a run is, and the things it needs, each ticked off when it exists. Other kinds of run say
 * what they are with `intro`, and what they need of a constitution with `constitution` (null: nothing).
 */
export function RunsEmptyState({ have, title = "No runs yet", intro, constitution }: { have: RunPrerequisites; title?: string; intro?: ReactNode; constitution?: ReactNode | null }) {
  return (
    <EmptyState title={title}>
      {intro ?? (
        <p>
          An SL-CAI run produces critique-revision chains: for each prompt of a dataset, a model answers, then critiques and revises its answer N times, each time under a principle from a
          constitution. Workers make the model calls in the background; this page shows each run&apos;s progress, errors and cost, and every chain it wrote.
        </p>
      )}
      <p>A run needs {constitution === null ? "two" : "three"} things first:</p>
      <ul className="space-y-1">
        <Prerequisite done={have.datasets > 0}>
          a dataset of prompts: <Link href="/import">import one</Link>
        </Prerequisite>
        <Prerequisite done={have.endpoints > 0}>
          a model endpoint (OpenAI-compatible or Anthropic): add one in <Link href="/settings">Settings</Link>
        </Prerequisite>
        {constitution !== null && (
          <Prerequisite done={have.constitutions > 0}>
            {constitution ?? (
              <>
                a constitution with critique-revision principles: see <Link href="/constitutions">Constitutions</Link>
              </>
            )}
          </Prerequisite>
        )}
      </ul>
    </EmptyState>
  );
}

/** One thing a run needs: ticked, and "(ready)", once it exists. */
export function Prerequisite({ done, children }: { done: boolean; children: ReactNode }) {
  return (
    <li className="flex gap-2">
      <span aria-hidden className={done ? "text-green-800" : "text-stone-400"}>
        {done ? "✓" : "○"}
      </span>
      <span>
        <span className="sr-only">{done ? "Ready: " : "Missing: "}</span>
        {children}
        {done && <span className="ml-1 text-sm text-green-800">(ready)</span>}
      </span>
    </li>
  );
}
