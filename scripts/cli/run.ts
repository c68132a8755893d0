import { parseArgs, type ParseArgsConfig } from "node:util";
import type { LabelRunRequest, SampleRunRequest } from "@/lib/schemas/labels";
import type { SlRunRequest } from "@/lib/schemas/runs";
import type { ScoreRunRequest } from "@/lib/schemas/scores";
import { openCommandDatabase } from "./database";
import { describeRun, startRunCommand } from "./start-run";
import { EXIT, UsageError } from "./usage";

// `npm run cai -- run ...`: start an SL-CAI run and follow it, or look at and steer one.
//   run sl --dataset D --endpoint E --constitution C [options] [--wait | --work]
//   run status|pause|resume|cancel|retry ID
// The model calls are made by workers (`npm start` runs one, `npm run worker` adds more); --work
// runs one in this process until the run ends, for a machine with no studio running.

const COMMON_OPTIONS = {
  dataset: { type: "string" },
  endpoint: { type: "string" },
  constitution: { type: "string" },
  "constitution-version": { type: "string" },
  name: { type: "string" },
  format: { type: "string" },
  temperature: { type: "string" },
  "top-p": { type: "string" },
  "max-tokens": { type: "string" },
  concurrency: { type: "string" },
  limit: { type: "string" },
  wait: { type: "boolean", default: false },
  work: { type: "boolean", default: false },
} as const;

const SL_OPTIONS = {
  ...COMMON_OPTIONS,
  revisions: { type: "string" },
  seed: { type: "string" },
  "fixed-order": { type: "boolean", default: false },
  "few-shot": { type: "boolean", default: false },
  "no-reuse": { type: "boolean", default: false },
  tag: { type: "string" },
  search: { type: "string" },
  "without-chains": { type: "boolean", default: false },
} as const;

const LABEL_OPTIONS = {
  ...COMMON_OPTIONS,
  principles: { type: "string" },
  seed: { type: "string" },
  "one-order": { type: "boolean", default: false },
  cot: { type: "boolean", default: false },
  method: { type: "string" },
  "few-shot": { type: "boolean", default: false },
  source: { type: "string" },
  "pairs-from-run": { type: "string" },
  unjudged: { type: "boolean", default: false },
} as const;

const SAMPLE_OPTIONS = { ...COMMON_OPTIONS, tag: { type: "string" }, search: { type: "string" } } as const;

const SCORE_OPTIONS = {
  dataset: { type: "string" },
  endpoint: { type: "string" },
  name: { type: "string" },
  over: { type: "string" },
  "score-name": { type: "string" },
  "source-run": { type: "string" },
  concurrency: { type: "string" },
  wait: { type: "boolean", default: false },
  work: { type: "boolean", default: false },
} as const;

const CONTROLS = ["status", "pause", "resume", "cancel", "retry"] as const;
type Control = (typeof CONTROLS)[number];

export async function runCommand(argv: string[], root: string): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "sl") return startSl(rest, root);
  if (sub === "label") return startLabel(rest, root);
  if (sub === "sample") return startSample(rest, root);
  if (sub === "score") return startScore(rest, root);
  if ((CONTROLS as readonly string[]).includes(sub)) return control(sub as Control, rest, root);
  throw new UsageError(sub ? `unknown run command "${sub}"` : "say what to do: run sl|label|sample|score ..., or run status|pause|resume|cancel|retry ID");
}

type Options = NonNullable<ParseArgsConfig["options"]>;

function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Sampling parameters given on the command line, left out when not given. */
function samplingParams(values: { temperature?: string; "top-p"?: string; "max-tokens"?: string }) {
  const params = { temperature: number(values.temperature, "temperature"), topP: number(values["top-p"], "top-p"), maxTokens: number(values["max-tokens"], "max-tokens") };
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}

function promptFormat(value: string | undefined): "chat" | "raw" {
  const format = value ?? "chat";
  if (format !== "chat" && format !== "raw") throw new UsageError(`--format is chat or raw, not "${format}"`);
  return format;
}

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new UsageError(`--${flag} must be a number, not "${value}"`);
  return parsed;
}

async function startSl(args: string[], root: string): Promise<number> {
  const values = parse(args, SL_OPTIONS);
  if (values["fixed-order"] && values.seed !== undefined) throw new UsageError("--seed is for random principle draws; leave it out with --fixed-order");
  const settings = {
    name: values.name ?? "",
    filter: { tag: values.tag, q: values.search, withoutChains: values["without-chains"], limit: number(values.limit, "limit") },
    revisions: number(values.revisions, "revisions"),
    sampling: values["fixed-order"] ? { mode: "fixed" } : { mode: "uniform", seed: number(values.seed, "seed") },
    fewShot: values["few-shot"],
    promptFormat: promptFormat(values.format),
    reuseExistingResponse: !values["no-reuse"],
    params: samplingParams(values),
    concurrency: number(values.concurrency, "concurrency"),
  };
  const { slRunRequestSchema } = await import("@/lib/schemas/runs");
  return startRunCommand(root, values, {
    schema: slRunRequestSchema,
    settings,
    create: async (request) => (await import("@/lib/server/runs/create")).createSlRun(request as SlRunRequest),
    started: (runId, items, request) => `Started SL-CAI run #${runId}: ${items.toLocaleString("en-US")} prompts x ${(request as SlRunRequest).revisions} revisions.`,
  });
}

async function startLabel(args: string[], root: string): Promise<number> {
  const values = parse(args, LABEL_OPTIONS);
  const settings = {
    name: values.name ?? "",
    pairs: {
      source: values.source?.toUpperCase(),
      pairRunId: number(values["pairs-from-run"], "pairs-from-run"),
      unjudgedOnly: values.unjudged,
      limit: number(values.limit, "limit"),
    },
    principlesPerPair: number(values.principles, "principles"),
    seed: number(values.seed, "seed"),
    bothOrders: !values["one-order"],
    chainOfThought: values.cot,
    method: labelMethod(values.method),
    fewShot: values["few-shot"],
    promptFormat: promptFormat(values.format),
    params: samplingParams(values),
    concurrency: number(values.concurrency, "concurrency"),
  };
  const { labelRunRequestSchema } = await import("@/lib/schemas/labels");
  return startRunCommand(root, values, {
    schema: labelRunRequestSchema,
    settings,
    create: async (request) => (await import("@/lib/server/labels/label-run")).createLabelRun(request as LabelRunRequest),
    started: (runId, items, request) => {
      const r = request as LabelRunRequest;
      return `Started labeling run #${runId}: ${items.toLocaleString("en-US")} pairs x ${r.principlesPerPair} principle(s)${r.bothOrders ? " x both orders" : ""}${r.chainOfThought ? ", chain of thought" : ""}.`;
    },
  });
}

/** --method logprobs | sampled[:k] | stated */
function labelMethod(value: string | undefined) {
  if (value === undefined || value === "logprobs") return { kind: "logprobs" };
  if (value === "stated") return { kind: "stated" };
  const sampled = /^sampled(?::(\d+))?$/.exec(value);
  if (sampled) return { kind: "sampled", k: sampled[1] === undefined ? undefined : Number(sampled[1]) };
  throw new UsageError(`--method is logprobs, sampled[:k] or stated, not "${value}"`);
}

async function startSample(args: string[], root: string): Promise<number> {
  const values = parse(args, SAMPLE_OPTIONS);
  const settings = {
    name: values.name ?? "",
    filter: { tag: values.tag, q: values.search, limit: number(values.limit, "limit") },
    promptFormat: promptFormat(values.format),
    params: { temperature: 1, ...samplingParams(values) },
    concurrency: number(values.concurrency, "concurrency"),
  };
  const { sampleRunRequestSchema } = await import("@/lib/schemas/labels");
  return startRunCommand(root, values, {
    schema: sampleRunRequestSchema,
    settings,
    constitution: false,
    create: async (request) => (await import("@/lib/server/labels/sample-run")).createSampleRun(request as SampleRunRequest),
    started: (runId, items) => `Started sampling run #${runId}: 2 samples of each of ${items.toLocaleString("en-US")} prompts, paired.`,
  });
}

async function startScore(args: string[], root: string): Promise<number> {
  const values = parse(args, SCORE_OPTIONS);
  if (values.over !== "chains" && values.over !== "pairs") throw new UsageError("--over is chains or pairs");
  const settings = {
    name: values.name ?? "",
    over: values.over,
    scoreName: values["score-name"],
    sourceRunId: number(values["source-run"], "source-run"),
    concurrency: number(values.concurrency, "concurrency"),
  };
  const { scoreRunRequestSchema } = await import("@/lib/schemas/scores");
  return startRunCommand(root, values, {
    schema: scoreRunRequestSchema,
    settings,
    constitution: false,
    create: async (request) => (await import("@/lib/server/scores/score-run")).createScoreRun(request as ScoreRunRequest),
    started: (runId, items, request) =>
      `Started scoring run #${runId}: the ${(request as ScoreRunRequest).over === "chains" ? "chain" : "pair"} responses of ${items.toLocaleString("en-US")} prompts.`,
  });
}

async function control(action: Control, args: string[], root: string): Promise<number> {
  if (args.length !== 1 || !/^\d+$/.test(args[0])) throw new UsageError(`run ${action} takes one run id`);
  const runId = Number(args[0]);
  const database = await openCommandDatabase(root);
  process.env.DATABASE_URL = database.url;
  const { UserError } = await import("@/lib/server/errors");
  const controls = await import("@/lib/server/runs/control");
  const { runProgress } = await import("@/lib/server/runs/progress");
  try {
    const act = { pause: controls.pauseRun, resume: controls.resumeRun, cancel: controls.cancelRun, retry: controls.retryFailedItems, status: async () => {} }[action];
    await act(runId);
    console.log(describeRun(await runProgress(runId)));
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    console.error(`run ${action} ${runId}: ${error.message}`);
    return EXIT.failed;
  } finally {
    const { pgPool } = await import("@/lib/server/pg");
    await pgPool().end();
    await database.close();
  }
}

