import "server-only";
import { sql } from "kysely";
import { initialInput } from "@/lib/cai/sl-prompts";
import { sampleRunConfigSchema, sampleRunRequestSchema, type SampleRunRequest } from "@/lib/schemas/labels";
import { db } from "../../db";
import { heldBy } from "../../jobs/claims";
import { countSelection } from "../count-selection";
import { runFormOptions } from "../queries";
import { promptSelection, startRun, type PreparedRun } from "../start";
import { checkRunTargets, mergedParams, requireRawCapable } from "../targets";
import { lostItem, RUN_ITEMS, type ClaimedItem } from "../worker/claims";
import type { ItemDeps, ItemOutcome } from "../worker/item-deps";
import { recordCall } from "../worker/record-call";
import { COMMON_CLI_OPTIONS, defineRunKind } from "./definition";
import { promptTurns } from "./prompt-turns";

// A sampling run: two fresh answers of an endpoint per prompt, at a temperature above 0, stored as
// SAMPLE responses and made into one comparison pair per prompt.
//
// One prompt of a sampling run: two answers at the run's temperature, each stored as a SAMPLE
// response the moment it returns, then the pair they make. A restart reuses a stored sample.
// Two samples with the same text (a deterministic server, a low temperature) make no pair: a
// preference between identical answers is noise. The run page counts these prompts (progress.ts).

export async function prepareSampleRun(request: SampleRunRequest): Promise<PreparedRun> {
  const { endpoint } = await checkRunTargets(request);
  requireRawCapable(request.promptFormat, endpoint);
  const config = { ...request, params: mergedParams(endpoint, request.params), endpoint: { name: endpoint.name, kind: endpoint.kind, model: endpoint.model } };
  return {
    run: { kind: "SAMPLE", name: request.name, datasetId: request.datasetId, endpointId: request.endpointId, constitutionVersionId: null, config },
    selection: promptSelection(request.datasetId, request.filter),
  };
}

export async function createSampleRun(request: SampleRunRequest, userId?: string): Promise<{ runId: number; items: number }> {
  const { run, selection } = await prepareSampleRun(request);
  return startRun(run, selection, userId);
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
  prepare: prepareSampleRun,
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
  const [turns, stored] = await Promise.all([
    // a sampling run's items are prompts
    promptTurns(item.promptId!),
    db.selectFrom("LlmCall as c").innerJoin("Response as r", "r.llmCallId", "c.id").select(["c.callKey", "r.id as responseId"]).where("c.runItemId", "=", item.id).execute(),
  ]);
  const responses = new Map(stored.map((r) => [r.callKey, r.responseId]));
  for (const callKey of SAMPLES) {
    if (responses.has(callKey)) continue;
    if (!(await deps.mayContinue())) return "stopped";
    const { request, completion } = await deps.complete({ ...item.config.params, ...initialInput(item.config.promptFormat, turns) });
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
  const hashA = sql<boolean>`abs(hashtext(${first}::text || ':' || ${second}::text)) % 2 = 0`;
  const { rows } = await sql`
    WITH item AS (
      UPDATE "RunItem" SET "heartbeatAt" = now() WHERE id = ${item.id} AND ${heldBy(RUN_ITEMS, workerId)} RETURNING "promptId"
    ), inserted AS (
      INSERT INTO "Comparison" ("promptId", "responseAId", "responseBId", source, "runId")
      SELECT item."promptId",
        CASE WHEN ${hashA} THEN ${first}::int ELSE ${second}::int END,
        CASE WHEN ${hashA} THEN ${second}::int ELSE ${first}::int END,
        'SAMPLES', ${item.runId}
      FROM item
      WHERE (SELECT text FROM "Response" WHERE id = ${first}::int) IS DISTINCT FROM (SELECT text FROM "Response" WHERE id = ${second}::int)
      ON CONFLICT ("promptId", "responseAId", "responseBId") DO NOTHING
      RETURNING "promptId"
    ), counted AS (
      UPDATE "Prompt" SET "comparisonCount" = "comparisonCount" + 1 WHERE id IN (SELECT "promptId" FROM inserted)
    )
    SELECT 1 FROM item`.execute(db);
  if (rows.length === 0) throw lostItem(item.id);
}
