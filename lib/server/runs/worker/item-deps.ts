import "server-only";
import type { ScoreRequest, ScoreResult } from "@/lib/llm/scorer";
import type { Completion, CompletionRequest } from "@/lib/llm/types";

// What working on an item needs from the worker, whatever the run's kind.

export interface ItemDeps {
  workerId: string;
  endpointId: number;
  /** makes one model call (limited, retried); rejects with an LlmError */
  complete(request: CompletionRequest): Promise<{ request: Omit<CompletionRequest, "signal">; completion: Completion }>;
  /** asks a scoring endpoint for one response's score (limited, retried); rejects with an LlmError */
  score(request: Omit<ScoreRequest, "signal">): Promise<ScoreResult>;
  /** resolves to false when the item must stop before its next call (run paused or cancelled) */
  mayContinue(): Promise<boolean>;
}

/**
 * "done": the work is done and the worker ends the item; "ended": the processor ended the item
 * itself, in the statement that stored its last result; "stopped": it stopped early and goes back.
 */
export type ItemOutcome = "done" | "ended" | "stopped";

/** The item cannot be done as asked, whatever a retry does (e.g. a judge that returns no log-probs). */
export class ItemFailure extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}
