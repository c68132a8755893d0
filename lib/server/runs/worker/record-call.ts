import "server-only";
import { cleanAnswer } from "@/lib/cai/answer-text";
import type { Completion, CompletionRequest } from "@/lib/llm/types";
import { heldByText } from "../../jobs/claims";
import { queryPrepared } from "../../pg";
import { lostItem, RUN_ITEMS, type ClaimedItem } from "./claims";

// A finished model call is stored the moment it returns, together with what it produced (the
// initial response and its chain, a revision and its chain step, a sample, a label), in ONE statement: the claim
// check, the call, its products and the item's counters commit together or not at all, in one
// round trip. A worker killed a millisecond later loses nothing it was told; the unique
// (item, call key) makes a second copy impossible; a worker that lost its claim stores nothing.
// A response is stored as cleanAnswer leaves the reply (trimmed, a trailing "Human:" cut); the
// call keeps the reply exactly as it came, so what was cut can always be seen.

export interface CallRecord {
  item: ClaimedItem;
  workerId: string;
  /** "initial", "step2.critique", "step2.revision" ... */
  callKey: string;
  endpointId: number;
  /** what was sent: a completion request, or a scorer's URL and body */
  request: Omit<CompletionRequest, "signal"> | { url: string; body: object };
  completion: Completion;
}

export type CallProduct =
  | { kind: "none" }
  | { kind: "initial" }
  | { kind: "revision"; chainId: number; step: number; principleId: number; critique: string; critiqueCallId: number }
  | { kind: "sample" }
  | { kind: "label"; label: LabelRow }
  | { kind: "score"; responseId: number; name: string; value: number };

/** An AI label as the label item computes it; stored with the call whose answer it reads. */
export interface LabelRow {
  comparisonId: number;
  principleId: number;
  order: "AB" | "BA";
  method: "LOGPROBS" | "SAMPLED" | "STATED";
  prompt: string;
  reasoning: string | null;
  logprobA: number | null;
  logprobB: number | null;
  samples: number | null;
  pA: number;
  pAClamped: number | null;
  bounded: boolean;
  reasoningCallId: number | null;
}

// $1 run, $2 item, $3 worker, $4 call key, $5 endpoint, $6 model, $7 request, $8 reply, $9 finish
// reason, $10 prompt tokens, $11 completion tokens, $12 latency, $13 log-probs
const FENCED_CALL = `
  WITH item AS (
    UPDATE "RunItem" SET "heartbeatAt" = now(), calls = calls + 1,
      "promptTokens" = "promptTokens" + coalesce($10, 0), "completionTokens" = "completionTokens" + coalesce($11, 0)
    WHERE ${heldByText(RUN_ITEMS, "$2", "$3")}
    RETURNING id, "promptId"
  ), call AS (
    INSERT INTO "LlmCall" ("runId", "runItemId", "callKey", "endpointId", model, request, reply, "finishReason",
      "promptTokens", "completionTokens", "latencyMs", logprobs)
    SELECT $1, item.id, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 FROM item
    RETURNING id
  )`;

// $14 response text, $15 producer (the model)
const RESPONSE = (origin: "INITIAL" | "REVISION" | "SAMPLE") => `, response AS (
    INSERT INTO "Response" ("promptId", text, origin, producer, "runId", "llmCallId")
    SELECT item."promptId", $14, '${origin}', $15, $1, call.id FROM item, call
    RETURNING id
  )`;

const STATEMENTS: Record<CallProduct["kind"], string> = {
  none: `${FENCED_CALL} SELECT call.id AS "callId", NULL::int AS "chainId", NULL::int AS "responseId" FROM call`,
  sample: `${FENCED_CALL}${RESPONSE("SAMPLE")} SELECT call.id AS "callId", NULL::int AS "chainId", response.id AS "responseId" FROM call, response`,
  // $14 comparison, $15 principle, $16 order, $17 method, $18 prompt, $19 reasoning, $20 log-prob A,
  // $21 log-prob B, $22 samples, $23 P(A), $24 clamped, $25 bounded, $26 reasoning call
  label: `${FENCED_CALL}, label AS (
      INSERT INTO "AiLabel" ("comparisonId", "runId", "endpointId", "principleId", "order", method, prompt, reasoning,
        "logprobA", "logprobB", samples, "pA", "pAClamped", bounded, "llmCallId", "reasoningCallId")
      SELECT $14, $1, $5, $15, $16::"LabelOrder", $17::"LabelMethod", $18, $19, $20, $21, $22, $23, $24, $25, call.id, $26 FROM call
      RETURNING id
    )
    SELECT call.id AS "callId", NULL::int AS "chainId", NULL::int AS "responseId" FROM call, label`,
  // $14 response, $15 score name, $16 value: an ENDPOINT score of the run
  score: `${FENCED_CALL}, score AS (
      INSERT INTO "Score" ("responseId", source, name, value, "runId")
      SELECT $14, 'ENDPOINT', $15, $16, $1 FROM call
      RETURNING id
    )
    SELECT call.id AS "callId", NULL::int AS "chainId", NULL::int AS "responseId" FROM call, score`,
  // $16 constitution version
  initial: `${FENCED_CALL}${RESPONSE("INITIAL")}, chain AS (
      INSERT INTO "Chain" ("promptId", "initialResponseId", "constitutionVersionId", "runId")
      SELECT item."promptId", response.id, $16, $1 FROM item, response RETURNING id, "promptId"
    ), counted AS (
      UPDATE "Prompt" SET "chainCount" = "chainCount" + 1 WHERE id IN (SELECT "promptId" FROM chain)
    )
    SELECT call.id AS "callId", chain.id AS "chainId", NULL::int AS "responseId" FROM call, chain`,
  // $16 chain, $17 step, $18 principle, $19 critique, $20 critique call
  revision: `${FENCED_CALL}${RESPONSE("REVISION")}, step AS (
      INSERT INTO "ChainStep" ("chainId", index, "principleId", critique, "revisionId", "critiqueCallId", "revisionCallId")
      SELECT $16, $17, $18, $19, response.id, $20, call.id FROM response, call RETURNING id
    )
    SELECT call.id AS "callId", NULL::int AS "chainId", NULL::int AS "responseId" FROM call, step`,
};

export interface RecordedCall {
  callId: number;
  /** the chain an initial call started */
  chainId: number | null;
  /** the response a sample call stored */
  responseId: number | null;
}

/** Stores the call and its product, fenced by the claim, in one statement. */
export async function recordCall(call: CallRecord, product: CallProduct): Promise<RecordedCall> {
  const { item, completion } = call;
  const params: unknown[] = [
    item.runId,
    item.id,
    call.workerId,
    call.callKey,
    call.endpointId,
    completion.model,
    JSON.stringify(call.request),
    completion.text,
    completion.finishReason,
    completion.promptTokens ?? null,
    completion.completionTokens ?? null,
    Math.round(completion.latencyMs),
    completion.logprobs ? JSON.stringify(completion.logprobs) : null,
  ];
  if (product.kind === "initial" || product.kind === "revision" || product.kind === "sample") params.push(cleanAnswer(completion.text).text, completion.model);
  if (product.kind === "initial") params.push(item.constitutionVersionId);
  if (product.kind === "revision") {
    params.push(product.chainId, product.step, product.principleId, product.critique, product.critiqueCallId);
  }
  if (product.kind === "score") params.push(product.responseId, product.name, product.value);
  if (product.kind === "label") {
    const l = product.label;
    params.push(l.comparisonId, l.principleId, l.order, l.method, l.prompt, l.reasoning, l.logprobA, l.logprobB, l.samples, l.pA, l.pAClamped, l.bounded, l.reasoningCallId);
  }
  const { rows } = await queryPrepared<RecordedCall>(`record-call.${product.kind}`, STATEMENTS[product.kind], params);
  if (rows.length === 0) throw lostItem(item.id);
  return rows[0];
}
