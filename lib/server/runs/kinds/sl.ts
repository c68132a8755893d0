import "server-only";
import { sql } from "kysely";
import { randomInt } from "node:crypto";
import { cleanAnswer } from "@/lib/cai/answer-text";
import { principleIndexForStep } from "@/lib/cai/principle-sampling";
import { critiqueInput, initialInput, revisionInput, type ModelInput, type StepContext } from "@/lib/cai/sl-prompts";
import type { Turn } from "@/lib/formats/records";
import type { CompletionRequest } from "@/lib/llm/types";
import { slRunConfigSchema, slRunRequestSchema, type SlRunConfig, type SlRunRequest } from "@/lib/schemas/runs";
import { UserError } from "../../errors";
import { db } from "../../db";
import { queryPrepared } from "../../pg";
import { heldBy } from "../../jobs/claims";
import { countSelection } from "../count-selection";
import { runFormOptions } from "../queries";
import { promptSelection, startRun, type PreparedRun } from "../start";
import { checkRunTargets, mergedParams, requireRawCapable } from "../targets";
import { lostItem, RUN_ITEMS, type ClaimedItem } from "../worker/claims";
import type { ItemDeps, ItemOutcome } from "../worker/item-deps";
import { recordCall } from "../worker/record-call";
import type { CritiqueTexts } from "../worker/version-texts";
import { COMMON_CLI_OPTIONS, defineRunKind, itemWith } from "./definition";

// An SL-CAI run: one item per selected prompt, each the prompt's initial response and N
// critique-revision steps.
//
// Starting one: check that everything it needs exists and fits together, record the exact settings
// (the seed drawn, the sampling parameters merged with the endpoint's), then start it with one item
// per selected prompt (start.ts).
//
// One prompt's item: the initial response, then N critique-revision steps, each under the
// principle the run's sampling picks for (prompt, step). The item is worked from what is already
// stored, so a worker that picks it up after a crash starts at the first call nobody finished: a
// stored critique is not asked for again, a stored step is not redone.

const RAW_DEFAULT_MAX_TOKENS = 512;

export async function prepareSlRun(request: SlRunRequest): Promise<PreparedRun> {
  const config = await checkedConfig(request);
  return {
    run: { kind: "SL_CAI", name: request.name, datasetId: request.datasetId, endpointId: request.endpointId, constitutionVersionId: request.constitutionVersionId, config },
    selection: promptSelection(request.datasetId, request.filter),
  };
}

export async function createSlRun(request: SlRunRequest, userId?: string): Promise<{ runId: number; items: number }> {
  const { run, selection } = await prepareSlRun(request);
  return startRun(run, selection, userId);
}

/** How many prompts a run with this request would cover (the form shows it before starting). */
export async function countSelectedPrompts(request: Pick<SlRunRequest, "datasetId" | "filter">): Promise<number> {
  return countSelection(promptSelection(request.datasetId, request.filter));
}

async function checkedConfig(request: SlRunRequest): Promise<SlRunConfig> {
  const { endpoint, version } = await checkRunTargets(request);
  if (version!.critiqueRevision === 0) {
    throw UserError.about("constitutionVersionId", "this version has no critique-revision principles to critique and revise with");
  }
  if (request.fewShot && version!.fewShots.CRITIQUE_REVISION === 0) {
    throw UserError.about("fewShot", "this constitution version has no critique-revision few-shot examples");
  }
  requireRawCapable(request.promptFormat, endpoint);
  const params = mergedParams(endpoint, request.params);
  // completion servers stop after 16 tokens unless told otherwise; a revision needs room
  if (request.promptFormat === "raw") params.maxTokens ??= RAW_DEFAULT_MAX_TOKENS;
  return {
    ...request,
    sampling: request.sampling.mode === "uniform" ? { mode: "uniform", seed: request.sampling.seed ?? randomInt(2 ** 31 - 1) } : request.sampling,
    params,
    endpoint: { name: endpoint.name, kind: endpoint.kind, model: endpoint.model },
  };
}

export const slRun = defineRunKind({
  kind: "SL_CAI",
  label: "SL-CAI run",
  requestSchema: slRunRequestSchema,
  configSchema: slRunConfigSchema,
  formOptions: runFormOptions,
  calls: "model",
  prepare: prepareSlRun,
  create: createSlRun,
  processItem: async (claimed, deps) => {
    const item = itemWith(claimed, ["promptId", "constitutionVersionId"]);
    return processSlItem(item, { ...deps, version: await deps.versions.critique(item.constitutionVersionId, item.config.fewShot) });
  },
  cli: {
    command: "sl",
    options: {
      ...COMMON_CLI_OPTIONS,
      revisions: { type: "string" },
      seed: { type: "string" },
      "fixed-order": { type: "boolean", default: false },
      "few-shot": { type: "boolean", default: false },
      "no-reuse": { type: "boolean", default: false },
      tag: { type: "string" },
      search: { type: "string" },
      "without-chains": { type: "boolean", default: false },
    },
    constitution: true,
    settings: (values, flags) => {
      if (values["fixed-order"] && values.seed !== undefined) flags.usage("--seed is for random principle draws; leave it out with --fixed-order");
      return {
        name: values.name ?? "",
        filter: { tag: values.tag, q: values.search, withoutChains: values["without-chains"], limit: flags.number(values.limit, "limit") },
        revisions: flags.number(values.revisions, "revisions"),
        sampling: values["fixed-order"] ? { mode: "fixed" } : { mode: "uniform", seed: flags.number(values.seed, "seed") },
        fewShot: values["few-shot"],
        promptFormat: flags.promptFormat(values.format),
        reuseExistingResponse: !values["no-reuse"],
        params: flags.samplingParams(values),
        concurrency: flags.number(values.concurrency, "concurrency"),
      };
    },
    started: (runId, items, request) => `Started SL-CAI run #${runId}: ${items.toLocaleString("en-US")} prompts x ${request.revisions} revisions.`,
  },
});

export interface SlItemDeps extends ItemDeps {
  version: CritiqueTexts;
}

interface Stored {
  turns: Turn[];
  calls: Map<string, { id: number; reply: string }>;
  chain?: { id: number; initial: string; steps: Map<number, string> };
  /** an answer that came with the prompt (not one side of a pair), to start from */
  existingResponse?: { id: number; text: string };
}

export type SlItem = ClaimedItem<"SL_CAI"> & { promptId: number; constitutionVersionId: number };

export async function processSlItem(item: SlItem, deps: SlItemDeps): Promise<ItemOutcome> {
  const { config } = item;
  const stored = await loadStored(item);
  const input = (build: () => ModelInput): CompletionRequest => ({ ...config.params, ...withStops(build(), config.params.stop) });

  let chain = stored.chain;
  if (!chain) {
    if (!(await deps.mayContinue())) return "stopped";
    chain =
      stored.existingResponse && config.reuseExistingResponse
        ? await startChainFrom(item, deps, stored.existingResponse)
        : await generateInitial(
            item,
            deps,
            input(() => initialInput(config.promptFormat, stored.turns)),
          );
  }

  let current = chain.steps.get(chain.steps.size) ?? chain.initial;
  for (let step = chain.steps.size + 1; step <= config.revisions; step++) {
    const principle = deps.version.principles[principleIndexForStep(config.sampling, deps.version.principles.length, item.promptId, step)];
    const context: StepContext = { format: config.promptFormat, turns: stored.turns, response: current, principle, fewShots: deps.version.fewShots };

    const critiqueKey = `step${step}.critique`;
    let critique = stored.calls.get(critiqueKey);
    if (!critique) {
      if (!(await deps.mayContinue())) return "stopped";
      const { request, completion } = await deps.complete(input(() => critiqueInput(context)));
      const { callId } = await recordCall({ item, workerId: deps.workerId, callKey: critiqueKey, endpointId: deps.endpointId, request, completion }, { kind: "none" });
      critique = { id: callId, reply: completion.text };
    }

    if (!(await deps.mayContinue())) return "stopped";
    const { request, completion } = await deps.complete(input(() => revisionInput(context, critique.reply)));
    const callKey = `step${step}.revision`;
    await recordCall(
      { item, workerId: deps.workerId, callKey, endpointId: deps.endpointId, request, completion },
      { kind: "revision", chainId: chain.id, step, principleId: principle.id, critique: critique.reply.trim(), critiqueCallId: critique.id },
    );
    current = cleanAnswer(completion.text).text;
  }
  return "done";
}

async function generateInitial(item: SlItem, deps: SlItemDeps, request: CompletionRequest) {
  const { request: sent, completion } = await deps.complete(request);
  const { chainId } = await recordCall({ item, workerId: deps.workerId, callKey: "initial", endpointId: deps.endpointId, request: sent, completion }, { kind: "initial" });
  return { id: chainId!, initial: cleanAnswer(completion.text).text, steps: new Map<number, string>() };
}

/** A chain that starts from an answer the prompt came with: no model call, same claim check. */
async function startChainFrom(item: SlItem, deps: SlItemDeps, response: { id: number; text: string }) {
  const { rows } = await sql<{ id: number }>`
    WITH item AS (
      UPDATE "RunItem" SET "heartbeatAt" = now() WHERE id = ${item.id} AND ${heldBy(RUN_ITEMS, deps.workerId)} RETURNING "promptId"
    ), chain AS (
      INSERT INTO "Chain" ("promptId", "initialResponseId", "constitutionVersionId", "runId")
      SELECT item."promptId", ${response.id}, ${item.constitutionVersionId}, ${item.runId} FROM item RETURNING id, "promptId"
    ), counted AS (
      UPDATE "Prompt" SET "chainCount" = "chainCount" + 1 WHERE id IN (SELECT "promptId" FROM chain)
    )
    SELECT id FROM chain`.execute(db);
  if (rows.length === 0) throw lostItem(item.id);
  return { id: rows[0].id, initial: response.text, steps: new Map<number, string>() };
}

/** The run's stop sequences are added to the ones the prompt form needs (raw form). */
function withStops(input: ModelInput, runStops: string[] | undefined): ModelInput {
  if (!("prompt" in input)) return runStops?.length ? ({ ...input, stop: runStops } as ModelInput) : input;
  return { ...input, stop: [...new Set([...input.stop, ...(runStops ?? [])])] };
}

// What an item already has, read in one statement (one round trip per item, planned once per
// connection): its prompt's conversation, the calls it stored on earlier claims, the chain it
// started, and an answer the prompt came with. $1 item, $2 run, $3 prompt.
const STORED = `
  SELECT p.turns,
    (SELECT coalesce(json_agg(json_build_object('callKey', "callKey", 'id', id, 'reply', reply)), '[]') FROM "LlmCall" WHERE "runItemId" = $1) AS calls,
    (SELECT json_build_object('id', c.id, 'initial', i.text, 'steps',
        (SELECT coalesce(json_agg(json_build_array(s.index, r.text) ORDER BY s.index), '[]')
         FROM "ChainStep" s JOIN "Response" r ON r.id = s."revisionId" WHERE s."chainId" = c.id))
     FROM "Chain" c JOIN "Response" i ON i.id = c."initialResponseId" WHERE c."runId" = $2 AND c."promptId" = $3 LIMIT 1) AS chain,
    (SELECT json_build_object('id', id, 'text', text) FROM "Response"
     WHERE "promptId" = $3 AND origin = 'IMPORTED' AND "sourceKey" LIKE '%:response' ORDER BY id LIMIT 1) AS existing
  FROM "Prompt" p WHERE p.id = $3`;

interface StoredRow {
  turns: Turn[];
  calls: { callKey: string; id: number; reply: string }[];
  chain: { id: number; initial: string; steps: [number, string][] } | null;
  existing: { id: number; text: string } | null;
}

async function loadStored(item: SlItem): Promise<Stored> {
  const {
    rows: [row],
  } = await queryPrepared<StoredRow>("sl.stored", STORED, [item.id, item.runId, item.promptId]);
  if (!row) throw new Error(`run item ${item.id}: prompt ${item.promptId} is gone`);
  return {
    turns: row.turns,
    calls: new Map(row.calls.map((c) => [c.callKey, { id: c.id, reply: c.reply }])),
    chain: row.chain ? { id: row.chain.id, initial: row.chain.initial, steps: new Map(row.chain.steps) } : undefined,
    existingResponse: row.existing ?? undefined,
  };
}
