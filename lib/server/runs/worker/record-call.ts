import "server-only";
import type pg from "pg";
import type { Completion, CompletionRequest } from "@/lib/llm/types";
import { inTransaction } from "../../pg";
import { fence, type ClaimedItem } from "./claims";

// A finished model call is stored the moment it returns, in one transaction with what it produced
// (a response, a chain, a chain step): a worker killed a millisecond later loses nothing it was
// told, and the unique (item, call key) makes a second copy impossible.

export interface CallRecord {
  item: ClaimedItem;
  workerId: string;
  /** "initial", "step2.critique", "step2.revision" ... */
  callKey: string;
  endpointId: number;
  request: Omit<CompletionRequest, "signal">;
  completion: Completion;
}

/** Stores the call, then lets `products` write what it produced under the same claim. */
export async function recordCall<T>(call: CallRecord, products: (tx: pg.ClientBase, llmCallId: number) => Promise<T>): Promise<T> {
  return inTransaction(async (tx) => {
    await fence(tx, call.item.id, call.workerId);
    const { completion } = call;
    const { rows } = await tx.query<{ id: number }>(
      `INSERT INTO "LlmCall" ("runId", "runItemId", "callKey", "endpointId", model, request, reply, "finishReason",
         "promptTokens", "completionTokens", "latencyMs", logprobs)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       RETURNING id`,
      [
        call.item.runId, call.item.id, call.callKey, call.endpointId, completion.model, JSON.stringify(call.request),
        completion.text, completion.finishReason, completion.promptTokens ?? null, completion.completionTokens ?? null,
        Math.round(completion.latencyMs), completion.logprobs ? JSON.stringify(completion.logprobs) : null,
      ],
    );
    await tx.query(
      `UPDATE "RunItem" SET calls = calls + 1, "promptTokens" = "promptTokens" + $2, "completionTokens" = "completionTokens" + $3 WHERE id = $1`,
      [call.item.id, completion.promptTokens ?? 0, completion.completionTokens ?? 0],
    );
    return products(tx, rows[0].id);
  });
}
