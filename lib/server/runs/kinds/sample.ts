import "server-only";
import { initialInput } from "@/lib/cai/sl-prompts";
import type { Turn } from "@/lib/formats/records";
import { sampleRunConfigSchema, sampleRunRequestSchema, type SampleRunRequest } from "@/lib/schemas/labels";
import { heldByText } from "../../jobs/claims";
import { pgPool } from "../../pg";
import { countSelection } from "../count-selection";
import { runFormOptions } from "../queries";
import { promptSelection, startRun } from "../start";
import { checkRunTargets, mergedParams, requireRawCapable } from "../targets";
import { lostItem, RUN_ITEMS, type ClaimedItem } from "../worker/claims";
import type { ItemDeps, ItemOutcome } from "../worker/item-deps";
import { recordCall } from "../worker/record-call";
import { COMMON_CLI_OPTIONS, defineRunKind } from "./definition";

// A sampling run: two fresh answers of an endpoint per prompt, at a temperature above 0, stored as
// SAMPLE responses and made into one comparison pair per prompt.
//
// One prompt of a sampling run: two answers at the run's temperature, each stored as a SAMPLE
// response the moment it returns, then the pair they make. A restart reuses a stored sample.
// Two samples with the same text (a deterministic server, a low temperature) make no pair: a
// preference between identical answers is noise. The run page counts these prompts (progress.ts).

export async function createSampleRun(request: SampleRunRequest, userId?: string): Promise<{ runId: number; items: number }> {
  const { endpoint } = await checkRunTargets(request);
  requireRawCapable(request.promptFormat, endpoint);
  const config = { ...request, params: mergedParams(endpoint, request.params), endpoint: { name: endpoint.name, kind: endpoint.kind, model: endpoint.model } };
  return startRun(
    { kind: "SAMPLE", name: request.name, datasetId: request.datasetId, endpointId: request.endpointId, constitutionVersionId: null, config },
    promptSelection(request.datasetId, request.filter),
    userId,
  );
}

export async function countSampleRunPrompts(request: Pick<SampleRunRequest, "datasetId" | "filter">): Promise<number> {
  return countSelection(promptSelection(request.datasetId, request.filter));
}

export const sampleRun = defineRunKind({
  kind: "SAMPLE",
  label: "Sampling run",
  cancelNote: "Prompts not sampled yet will not be. Samples and pairs already made stay.",
  requestSchema: sampleRunRequestSchema,
  configSchema: sampleRunConfigSchema,
  formOptions: runFormOptions,
  calls: "model",
  create: createSampleRun,
  processItem: processSampleItem,
  cli: {
    command: "sample",
    options: { ...COMMON_CLI_OPTIONS, tag: { type: "string" }, search: { type: "string" } },
    constitution: false,
    settings: (values, flags) => ({
      name: values.name ?? "",
      filter: { tag: values.tag, q: values.search, limit: flags.number(values.limit, "limit") },
      promptFormat: flags.promptFormat(values.format),
      params: { temperature: 1, ...flags.samplingParams(values) },
      concurrency: flags.number(values.concurrency, "concurrency"),
    }),
    started: (runId, items) => `Started sampling run #${runId}: 2 samples of each of ${items.toLocaleString("en-US")} prompts, paired.`,
  },
});

export type SampleItem = ClaimedItem<"SAMPLE">;

const SAMPLES = ["sample1", "sample2"] as const;

export async function processSampleItem(item: SampleItem, deps: ItemDeps): Promise<ItemOutcome> {
  const db = pgPool();
  const [prompt, stored] = await Promise.all([
    db.query<{ turns: Turn[] }>(`SELECT turns FROM "Prompt" WHERE id = $1`, [item.promptId]),
    db.query<{ callKey: string; responseId: number }>(
      `SELECT c."callKey", r.id AS "responseId" FROM "LlmCall" c JOIN "Response" r ON r."llmCallId" = c.id WHERE c."runItemId" = $1`,
      [item.id],
    ),
  ]);
  const responses = new Map(stored.rows.map((r) => [r.callKey, r.responseId]));
  for (const callKey of SAMPLES) {
    if (responses.has(callKey)) continue;
    if (!(await deps.mayContinue())) return "stopped";
    const { request, completion } = await deps.complete({ ...item.config.params, ...initialInput(item.config.promptFormat, prompt.rows[0].turns) });
    const { responseId } = await recordCall({ item, workerId: deps.workerId, callKey, endpointId: deps.endpointId, request, completion }, { kind: "sample" });
    responses.set(callKey, responseId!);
  }
  await pairSamples(item, deps.workerId, responses.get("sample1")!, responses.get("sample2")!);
  return "done";
}

/**
 * The two samples as one comparison, unless their stored texts are the same; which is (A) is fixed
 * by a hash, as for every pair made.
 */
async function pairSamples(item: SampleItem, workerId: string, first: number, second: number): Promise<void> {
  const { rows } = await pgPool().query(
    `WITH item AS (
       UPDATE "RunItem" SET "heartbeatAt" = now() WHERE ${heldByText(RUN_ITEMS, "$1", "$2")} RETURNING "promptId"
     ), inserted AS (
       INSERT INTO "Comparison" ("promptId", "responseAId", "responseBId", source, "runId")
       SELECT item."promptId",
         CASE WHEN abs(hashtext($3::text || ':' || $4::text)) % 2 = 0 THEN $3::int ELSE $4::int END,
         CASE WHEN abs(hashtext($3::text || ':' || $4::text)) % 2 = 0 THEN $4::int ELSE $3::int END,
         'SAMPLES', $5
       FROM item
       WHERE (SELECT text FROM "Response" WHERE id = $3::int) IS DISTINCT FROM (SELECT text FROM "Response" WHERE id = $4::int)
       ON CONFLICT ("promptId", "responseAId", "responseBId") DO NOTHING
       RETURNING "promptId"
     ), counted AS (
       UPDATE "Prompt" SET "comparisonCount" = "comparisonCount" + 1 WHERE id IN (SELECT "promptId" FROM inserted)
     )
     SELECT 1 FROM item`,
    [item.id, workerId, first, second, item.runId],
  );
  if (rows.length === 0) throw lostItem(item.id);
}
