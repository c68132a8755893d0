import "server-only";
import type { Turn } from "@/lib/formats/records";
import { pgPool } from "../../pg";
import type { ClaimedItem } from "./claims";
import type { ItemDeps, ItemOutcome } from "./item-deps";
import { recordCall } from "./record-call";

// One prompt of a scoring run: each response to score (its chains' initial answers and revisions,
// or the responses its pairs compare) is sent with the conversation to the scoring endpoint, and
// the number that comes back is stored as an ENDPOINT score in the statement that stores the call.
// The call key names the response, so a restart scores only what has no stored call yet.

export type ScoreItem = Extract<ClaimedItem, { kind: "SCORE" }>;

const RESPONSES = {
  chains: `SELECT "initialResponseId" AS id FROM "Chain" WHERE "promptId" = $1 AND ($2::int IS NULL OR "runId" = $2)
           UNION SELECT s."revisionId" FROM "ChainStep" s JOIN "Chain" c ON c.id = s."chainId"
           WHERE c."promptId" = $1 AND ($2::int IS NULL OR c."runId" = $2)`,
  pairs: `SELECT "responseAId" AS id FROM "Comparison" WHERE "promptId" = $1 AND ($2::int IS NULL OR "runId" = $2)
          UNION SELECT "responseBId" FROM "Comparison" WHERE "promptId" = $1 AND ($2::int IS NULL OR "runId" = $2)`,
} as const;

export async function processScoreItem(item: ScoreItem, deps: ItemDeps): Promise<ItemOutcome> {
  const db = pgPool();
  const [prompt, responses, done] = await Promise.all([
    db.query<{ turns: Turn[] }>(`SELECT turns FROM "Prompt" WHERE id = $1`, [item.promptId]),
    db.query<{ id: number; text: string }>(
      `SELECT r.id, r.text FROM "Response" r WHERE r.id IN (${RESPONSES[item.config.over]}) ORDER BY r.id`,
      [item.promptId, item.config.sourceRunId ?? null],
    ),
    db.query<{ callKey: string }>(`SELECT "callKey" FROM "LlmCall" WHERE "runItemId" = $1`, [item.id]),
  ]);
  const scored = new Set(done.rows.map((row) => row.callKey));
  const messages = prompt.rows[0].turns.map(({ role, content }) => ({ role, content }));
  for (const response of responses.rows) {
    const callKey = `response${response.id}`;
    if (scored.has(callKey)) continue;
    if (!(await deps.mayContinue())) return "stopped";
    const result = await deps.score({ messages, response: response.text });
    await recordCall(
      {
        item,
        workerId: deps.workerId,
        callKey,
        endpointId: deps.endpointId,
        request: result.request,
        completion: { text: result.reply, finishReason: null, model: result.model, promptTokens: result.promptTokens, latencyMs: result.latencyMs },
      },
      { kind: "score", responseId: response.id, name: item.config.scoreName, value: result.value },
    );
  }
  return "done";
}
