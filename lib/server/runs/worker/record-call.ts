import "server-only";
import type { Completion, CompletionRequest } from "@/lib/llm/types";
import { pgPool } from "../../pg";
import { LostClaimError, type ClaimedItem } from "./claims";

// A finished model call is stored the moment it returns, together with what it produced (the
// initial response and its chain, or a revision and its chain step), in ONE statement: the claim
// check, the call, its products and the item's counters commit together or not at all, in one
// round trip. A worker killed a millisecond later loses nothing it was told; the unique
// (item, call key) makes a second copy impossible; a worker that lost its claim stores nothing.

export interface CallRecord {
  item: ClaimedItem;
  workerId: string;
  /** "initial", "step2.critique", "step2.revision" ... */
  callKey: string;
  endpointId: number;
  request: Omit<CompletionRequest, "signal">;
  completion: Completion;
}

export type CallProduct =
  | { kind: "none" }
  | { kind: "initial" }
  | { kind: "revision"; chainId: number; step: number; principleId: number; critique: string; critiqueCallId: number };

// $1 run, $2 item, $3 worker, $4 call key, $5 endpoint, $6 model, $7 request, $8 reply, $9 finish
// reason, $10 prompt tokens, $11 completion tokens, $12 latency, $13 log-probs
const FENCED_CALL = `
  WITH item AS (
    UPDATE "RunItem" SET "heartbeatAt" = now(), calls = calls + 1,
      "promptTokens" = "promptTokens" + coalesce($10, 0), "completionTokens" = "completionTokens" + coalesce($11, 0)
    WHERE id = $2 AND "claimedBy" = $3 AND status = 'CLAIMED'
    RETURNING id, "promptId"
  ), call AS (
    INSERT INTO "LlmCall" ("runId", "runItemId", "callKey", "endpointId", model, request, reply, "finishReason",
      "promptTokens", "completionTokens", "latencyMs", logprobs)
    SELECT $1, item.id, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 FROM item
    RETURNING id
  )`;

// $14 response text, $15 producer (the model)
const RESPONSE = (origin: "INITIAL" | "REVISION") => `, response AS (
    INSERT INTO "Response" ("promptId", text, origin, producer, "runId", "llmCallId")
    SELECT item."promptId", $14, '${origin}', $15, $1, call.id FROM item, call
    RETURNING id
  )`;

const STATEMENTS: Record<CallProduct["kind"], string> = {
  none: `${FENCED_CALL} SELECT call.id AS "callId", NULL::int AS "chainId" FROM call`,
  // $16 constitution version
  initial: `${FENCED_CALL}${RESPONSE("INITIAL")}, chain AS (
      INSERT INTO "Chain" ("promptId", "initialResponseId", "constitutionVersionId", "runId")
      SELECT item."promptId", response.id, $16, $1 FROM item, response RETURNING id, "promptId"
    ), counted AS (
      UPDATE "Prompt" SET "chainCount" = "chainCount" + 1 WHERE id IN (SELECT "promptId" FROM chain)
    )
    SELECT call.id AS "callId", chain.id AS "chainId" FROM call, chain`,
  // $16 chain, $17 step, $18 principle, $19 critique, $20 critique call
  revision: `${FENCED_CALL}${RESPONSE("REVISION")}, step AS (
      INSERT INTO "ChainStep" ("chainId", index, "principleId", critique, "revisionId", "critiqueCallId", "revisionCallId")
      SELECT $16, $17, $18, $19, response.id, $20, call.id FROM response, call RETURNING id
    )
    SELECT call.id AS "callId", NULL::int AS "chainId" FROM call, step`,
};

/** Stores the call and its product; returns the call's id and, for an initial call, the chain's. */
export async function recordCall(call: CallRecord, product: CallProduct): Promise<{ callId: number; chainId: number | null }> {
  const { item, completion } = call;
  const params: unknown[] = [
    item.runId, item.id, call.workerId, call.callKey, call.endpointId, completion.model, JSON.stringify(call.request),
    completion.text, completion.finishReason, completion.promptTokens ?? null, completion.completionTokens ?? null,
    Math.round(completion.latencyMs), completion.logprobs ? JSON.stringify(completion.logprobs) : null,
  ];
  if (product.kind !== "none") params.push(completion.text.trim(), completion.model);
  if (product.kind === "initial") params.push(item.constitutionVersionId);
  if (product.kind === "revision") {
    params.push(product.chainId, product.step, product.principleId, product.critique, product.critiqueCallId);
  }
  const { rows } = await pgPool().query<{ callId: number; chainId: number | null }>(STATEMENTS[product.kind], params);
  if (rows.length === 0) throw new LostClaimError(item.id);
  return rows[0];
}
