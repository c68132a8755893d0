import "server-only";
import { sql } from "kysely";
import { randomInt } from "node:crypto";
import { answerAfterReasoningInput, labelInput, parseStatedProbability, statedProbabilityInput, type LabelQuestion } from "@/lib/cai/label-prompts";
import { principlesForPair } from "@/lib/cai/principle-sampling";
import type { ModelInput } from "@/lib/cai/sl-prompts";
import { answerLetter, clampProbability, findAnswer, forResponseA, frequencyOfA, probabilityOfA, verdict, type OrderedLabel } from "@/lib/cai/soft-label";
import type { Turn } from "@/lib/formats/records";
import type { CompletionRequest } from "@/lib/llm/types";
import { labelRunConfigSchema, labelRunRequestSchema, type LabelRunConfig, type LabelRunRequest } from "@/lib/schemas/labels";
import { labelFormOptions } from "../../comparisons/options";
import { experimentComparisonIds } from "../../experiments/pair-sets";
import { UserError } from "../../errors";
import { db } from "../../db";
import { heldBy } from "../../jobs/claims";
import { countSelection } from "../count-selection";
import { startRun, type PreparedRun, type Selection } from "../start";
import { checkRunTargets, mergedParams, requireRawCapable } from "../targets";
import { lostItem, RUN_ITEMS, type ClaimedItem } from "../worker/claims";
import { ItemFailure, type ItemDeps, type ItemOutcome } from "../worker/item-deps";
import { recordCall, type LabelRow } from "../worker/record-call";
import type { PreferenceTexts } from "../worker/version-texts";
import { COMMON_CLI_OPTIONS, defineRunKind, itemWith, type CliFlags } from "./definition";

// A labeling run: a feedback model judges each selected comparison under K preference principles,
// in one or both orders, and the verdict is read from its log-probs (or a declared fallback).
//
// One comparison of a labeling run: for each of its K principles and each order, the feedback
// model's answer, read as P(response A is better); then the verdict over all of them. Every answer
// is stored with its label the moment it returns, and a restart redoes only what is missing (a
// stored chain-of-thought reasoning or sampled answer is not asked for again).

export async function prepareLabelRun(request: LabelRunRequest): Promise<PreparedRun> {
  const { endpoint, version } = await checkRunTargets(request);
  if (version!.preference === 0) throw UserError.about("constitutionVersionId", "this version has no preference principles to judge with");
  if (request.principlesPerPair > version!.preference) {
    throw UserError.about("principlesPerPair", `this version has ${version!.preference} preference principles, fewer than ${request.principlesPerPair}`);
  }
  const fewShotKind = request.chainOfThought ? "PREFERENCE_COT" : "PREFERENCE";
  if (request.fewShot && version!.fewShots[fewShotKind] === 0) {
    throw UserError.about("fewShot", `this version has no ${request.chainOfThought ? "chain-of-thought " : ""}preference few-shot examples`);
  }
  if (request.method.kind === "logprobs" && (endpoint.kind === "ANTHROPIC" || endpoint.supportsLogprobs === false)) {
    throw UserError.about("method", `endpoint "${endpoint.name}" returns no log-probs; choose the sampled or stated method (every label it makes says so)`);
  }
  requireRawCapable(request.promptFormat, endpoint);
  const config: LabelRunConfig = {
    ...request,
    seed: request.seed ?? randomInt(2 ** 31 - 1),
    params: mergedParams(endpoint, request.params),
    endpoint: { name: endpoint.name, kind: endpoint.kind, model: endpoint.model },
  };
  return {
    run: { kind: "LABEL", name: request.name, datasetId: request.datasetId, endpointId: request.endpointId, constitutionVersionId: request.constitutionVersionId, config },
    selection: pairSelection(request),
  };
}

export async function createLabelRun(request: LabelRunRequest, userId?: string): Promise<{ runId: number; items: number }> {
  const { run, selection } = await prepareLabelRun(request);
  return startRun(run, selection, userId);
}

/** The endpoint matters only for "unjudged only" (pairs that endpoint has not judged). */
export async function countSelectedPairs(request: Pick<LabelRunRequest, "datasetId" | "pairs"> & { endpointId?: number }): Promise<number> {
  return countSelection(pairSelection(request));
}

/** The dataset's comparisons, narrowed by source, the run or experiment that made them, and judged or not. */
function pairSelection({ datasetId, pairs, endpointId }: Pick<LabelRunRequest, "datasetId" | "pairs"> & { endpointId?: number }): Selection {
  const source = pairs.source ?? null;
  const pairRunId = pairs.pairRunId ?? null;
  const unjudgedOnly = pairs.unjudgedOnly && endpointId !== undefined;
  const ofExperiment = pairs.experimentId === undefined ? sql`` : sql`AND c.id IN (${experimentComparisonIds(pairs.experimentId)})`;
  return {
    column: "comparisonId",
    empty:
      pairs.experimentId === undefined
        ? "No comparison of the dataset matches: make pairs first (Comparisons, Make pairs)."
        : `Experiment ${pairs.experimentId} has no pairs to judge: its arms have not finished, or no prompt has answers from two of them.`,
    query: sql<{ id: number }>`SELECT c.id FROM "Comparison" c JOIN "Prompt" p ON p.id = c."promptId"
      WHERE p."datasetId" = ${datasetId} ${ofExperiment}
        AND (${source}::"ComparisonSource" IS NULL OR c.source = ${source}::"ComparisonSource")
        AND (${pairRunId}::int IS NULL OR c."runId" = ${pairRunId})
        AND (NOT ${unjudgedOnly}::boolean OR NOT EXISTS (SELECT 1 FROM "AiVerdict" v WHERE v."comparisonId" = c.id AND v."endpointId" = ${endpointId ?? null}))
      ORDER BY c.id LIMIT ${pairs.limit ?? null}`,
  };
}

export const labelRun = defineRunKind({
  kind: "LABEL",
  label: "Labeling run",
  cancelNote: "Pairs not judged yet will not be judged. Labels and verdicts already written stay.",
  requestSchema: labelRunRequestSchema,
  configSchema: labelRunConfigSchema,
  formOptions: labelFormOptions,
  calls: "model",
  prepare: prepareLabelRun,
  create: createLabelRun,
  processItem: async (claimed, deps) => {
    const item = itemWith(claimed, ["comparisonId", "constitutionVersionId"]);
    return processLabelItem(item, { ...deps, texts: await deps.versions.preference(item.constitutionVersionId, item.config.fewShot) });
  },
  cli: {
    command: "label",
    options: {
      ...COMMON_CLI_OPTIONS,
      principles: { type: "string" },
      seed: { type: "string" },
      "one-order": { type: "boolean", default: false },
      cot: { type: "boolean", default: false },
      method: { type: "string" },
      "few-shot": { type: "boolean", default: false },
      source: { type: "string" },
      "pairs-from-run": { type: "string" },
      unjudged: { type: "boolean", default: false },
    },
    constitution: true,
    settings: (values, flags) => ({
      name: values.name ?? "",
      pairs: {
        source: values.source?.toUpperCase(),
        pairRunId: flags.number(values["pairs-from-run"], "pairs-from-run"),
        unjudgedOnly: values.unjudged,
        limit: flags.number(values.limit, "limit"),
      },
      principlesPerPair: flags.number(values.principles, "principles"),
      seed: flags.number(values.seed, "seed"),
      bothOrders: !values["one-order"],
      chainOfThought: values.cot,
      method: labelMethod(values.method, flags),
      fewShot: values["few-shot"],
      promptFormat: flags.promptFormat(values.format),
      params: flags.samplingParams(values),
      concurrency: flags.number(values.concurrency, "concurrency"),
    }),
    started: (runId, items, r) =>
      `Started labeling run #${runId}: ${items.toLocaleString("en-US")} pairs x ${r.principlesPerPair} principle(s)${r.bothOrders ? " x both orders" : ""}${r.chainOfThought ? ", chain of thought" : ""}.`,
  },
});

/** --method logprobs | sampled[:k] | stated */
function labelMethod(value: string | undefined, flags: CliFlags) {
  if (value === undefined || value === "logprobs") return { kind: "logprobs" };
  if (value === "stated") return { kind: "stated" };
  const sampled = /^sampled(?::(\d+))?$/.exec(value);
  if (sampled) return { kind: "sampled", k: sampled[1] === undefined ? undefined : Number(sampled[1]) };
  return flags.usage(`--method is logprobs, sampled[:k] or stated, not "${value}"`);
}

export type LabelItem = ClaimedItem<"LABEL"> & { comparisonId: number; constitutionVersionId: number };

export interface LabelItemDeps extends ItemDeps {
  texts: PreferenceTexts;
}

/** Enough alternatives to find both letters however the tokeniser splits them. */
const TOP_LOGPROBS = 5;
/** room for "(", " A" and ")" before the letter shows up */
const ANSWER_TOKENS = 3;

interface Pair {
  promptId: number;
  turns: Turn[];
  a: string;
  b: string;
}

export async function processLabelItem(item: LabelItem, deps: LabelItemDeps): Promise<ItemOutcome> {
  const { config } = item;
  const [pair, labels, calls] = await loadStored(item);
  const labeled = new Set(labels.map((l) => `${l.principleId}:${l.order}`));
  const keep = (label: LabelRow) => labels.push({ principleId: label.principleId, order: label.order, pA: label.pA, pAUsed: label.pAClamped ?? label.pA });
  const chosen = principlesForPair(config.seed, deps.texts.principles.length, item.comparisonId, config.principlesPerPair).map((i) => deps.texts.principles[i]);
  const orders = config.bothOrders ? (["AB", "BA"] as const) : (["AB"] as const);

  for (const principle of chosen) {
    for (const order of orders) {
      if (labeled.has(`${principle.id}:${order}`)) continue;
      const question: LabelQuestion = {
        format: config.promptFormat,
        turns: pair.turns,
        principle: principle.text,
        first: order === "AB" ? pair.a : pair.b,
        second: order === "AB" ? pair.b : pair.a,
        chainOfThought: config.chainOfThought,
        examples: config.fewShot ? deps.texts.examples : [],
        cotExamples: config.fewShot ? deps.texts.cotExamples : [],
      };
      const key = `p${principle.id}.${order}`;
      const call = async (callKey: string, input: ModelInput, extra: Partial<CompletionRequest>) => {
        const stored = calls.get(callKey);
        if (stored) return { ...stored, fresh: undefined };
        if (!(await deps.mayContinue())) return undefined;
        const fresh = await deps.complete({ ...config.params, ...input, ...extra });
        return { id: undefined, reply: fresh.completion.text, fresh };
      };

      let reasoning: { text: string; callId: number } | undefined;
      if (config.chainOfThought) {
        const made = await call(`${key}.reasoning`, labelInput(question), {});
        if (!made) return "stopped";
        const callId = made.id ?? (await recordCall({ item, workerId: deps.workerId, callKey: `${key}.reasoning`, endpointId: deps.endpointId, ...made.fresh! }, { kind: "none" })).callId;
        reasoning = { text: made.reply, callId };
      }
      const base = { comparisonId: item.comparisonId, principleId: principle.id, order, reasoning: reasoning?.text.trim() ?? null, reasoningCallId: reasoning?.callId ?? null };
      const answerInput = reasoning ? answerAfterReasoningInput(question, reasoning.text) : labelInput(question);

      if (config.method.kind === "sampled") {
        // k answers at temperature 1; their letters' frequency is the label (k is recorded)
        const letters: ("A" | "B" | undefined)[] = [];
        for (let sample = 1; sample <= config.method.k; sample++) {
          const callKey = `${key}.answer.s${sample}`;
          const made = await call(callKey, answerInput, { temperature: 1, maxTokens: ANSWER_TOKENS });
          if (!made) return "stopped";
          letters.push(firstLetter(made.reply));
          if (!made.fresh) continue;
          const last = sample === config.method.k;
          const frequency = last ? frequencyOfA(letters) : undefined;
          if (last && !frequency) throw new ItemFailure("label", `none of the ${config.method.k} sampled answers named (A) or (B); the last was "${made.reply.slice(0, 80)}"`);
          const label = last ? labelRow(base, promptText(answerInput), "SAMPLED", frequency!.pA, config, { samples: frequency!.valid }) : undefined;
          await recordCall({ item, workerId: deps.workerId, callKey, endpointId: deps.endpointId, ...made.fresh }, label ? { kind: "label", label } : { kind: "none" });
          if (label) keep(label);
        }
        continue;
      }

      const stated = config.method.kind === "stated";
      const input = stated ? statedProbabilityInput(question, reasoning?.text) : answerInput;
      const made = await call(`${key}.answer`, input, stated ? { maxTokens: 16 } : { topLogprobs: TOP_LOGPROBS, maxTokens: ANSWER_TOKENS });
      if (!made) return "stopped";
      const { completion } = made.fresh!;
      let label: LabelRow;
      if (stated) {
        const p = parseStatedProbability(completion.text);
        if (p === undefined) throw new ItemFailure("label", `the stated probability "${completion.text.slice(0, 80)}" is no number between 0 and 1`);
        label = labelRow(base, promptText(input), "STATED", p, config, {});
      } else {
        if (!completion.logprobs) {
          throw new ItemFailure("label", `endpoint model "${completion.model}" returned no log-probs; label with the sampled or stated method instead`);
        }
        const answer = findAnswer(completion.logprobs);
        if (!answer) throw new ItemFailure("label", `the answer "${completion.text.slice(0, 80)}" has no (A) or (B) among its top ${TOP_LOGPROBS} log-probs`);
        label = labelRow(base, promptText(input), "LOGPROBS", probabilityOfA(answer.lpA, answer.lpB), config, {
          logprobA: answer.lpA,
          logprobB: answer.lpB,
          bounded: answer.bounded,
        });
      }
      await recordCall({ item, workerId: deps.workerId, callKey: `${key}.answer`, endpointId: deps.endpointId, ...made.fresh! }, { kind: "label", label });
      keep(label);
    }
  }
  await endWithVerdict(item, deps, pair.promptId, labels);
  return "ended";
}

/** A label for the comparison's response A, from the probability of the option shown first. */
function labelRow(
  base: Pick<LabelRow, "comparisonId" | "principleId" | "order" | "reasoning" | "reasoningCallId">,
  prompt: string,
  method: LabelRow["method"],
  pFirst: number,
  config: LabelItem["config"],
  extra: Partial<Pick<LabelRow, "logprobA" | "logprobB" | "bounded" | "samples">>,
): LabelRow {
  const pA = forResponseA(pFirst, base.order);
  return {
    ...base,
    method,
    prompt,
    pA,
    pAClamped: config.chainOfThought ? clampProbability(pA, config.clamp.low, config.clamp.high) : null,
    logprobA: extra.logprobA ?? null,
    logprobB: extra.logprobB ?? null,
    bounded: extra.bounded ?? false,
    samples: extra.samples ?? null,
  };
}

function firstLetter(reply: string): "A" | "B" | undefined {
  const match = /\(?\s*([AB])\b/.exec(reply);
  return match ? answerLetter(match[1]) : undefined;
}

/** The exact text the judge saw: the raw prompt, or the chat messages one after another. */
function promptText(input: ModelInput): string {
  if ("prompt" in input) return input.prompt;
  return input.messages.map((m) => `[${m.role}]\n${m.content}`).join("\n\n");
}

/** The pair, and what this run already stored for it, in one round trip. */
async function loadStored(item: LabelItem) {
  const { rows } = await sql<Pair & { labels: OrderedLabel[]; calls: { callKey: string; id: number; reply: string }[] }>`
    SELECT c."promptId", p.turns, a.text AS a, b.text AS b,
      (SELECT coalesce(json_agg(json_build_object('principleId', l."principleId", 'order', l."order", 'pA', l."pA", 'pAUsed', coalesce(l."pAClamped", l."pA"))), '[]')
       FROM "AiLabel" l WHERE l."runId" = ${item.runId} AND l."comparisonId" = c.id) AS labels,
      (SELECT coalesce(json_agg(json_build_object('callKey', k."callKey", 'id', k.id, 'reply', k.reply)), '[]')
       FROM "LlmCall" k WHERE k."runItemId" = ${item.id}) AS calls
    FROM "Comparison" c JOIN "Prompt" p ON p.id = c."promptId"
    JOIN "Response" a ON a.id = c."responseAId" JOIN "Response" b ON b.id = c."responseBId" WHERE c.id = ${item.comparisonId}`.execute(db);
  const { labels, calls, ...pair } = rows[0];
  return [pair, labels, new Map(calls.map((c) => [c.callKey, { id: c.id, reply: c.reply }]))] as const;
}

/** The comparison's verdict from all its labels, stored as the item ends, in one fenced statement. */
async function endWithVerdict(item: LabelItem, deps: LabelItemDeps, promptId: number, labels: OrderedLabel[]): Promise<void> {
  const result = verdict(labels);
  const methods = { logprobs: "LOGPROBS", sampled: "SAMPLED", stated: "STATED" } as const;
  const { rows } = await sql`
    WITH item AS (
      UPDATE "RunItem" SET status = 'DONE', "finishedAt" = now(), "claimedBy" = NULL
      WHERE id = ${item.id} AND ${heldBy(RUN_ITEMS, deps.workerId)} RETURNING id
    ), verdict AS (
      INSERT INTO "AiVerdict" ("comparisonId", "runId", "endpointId", "pA", "pAUsed", flips, spread, principles, method, "chainOfThought")
      SELECT ${item.comparisonId}, ${item.runId}, ${item.endpointId}, ${result.pA}, ${result.pAUsed}, ${result.flips}, ${result.spread},
        ${result.principles}, ${methods[item.config.method.kind]}::"LabelMethod", ${item.config.chainOfThought} FROM item
      ON CONFLICT ("runId", "comparisonId") DO UPDATE SET "pA" = EXCLUDED."pA", "pAUsed" = EXCLUDED."pAUsed", flips = EXCLUDED.flips,
        spread = EXCLUDED.spread, principles = EXCLUDED.principles
      RETURNING (xmax = 0) AS inserted
    ), counted AS (
      UPDATE "Prompt" SET "labelCount" = "labelCount" + 1 WHERE id = ${promptId} AND EXISTS (SELECT 1 FROM verdict WHERE inserted)
    )
    SELECT 1 FROM item`.execute(db);
  if (rows.length === 0) throw lostItem(item.id);
}
