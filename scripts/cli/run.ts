import { parseArgs } from "node:util";
import type { RunProgress, SlRunRequest } from "@/lib/schemas/runs";
import { openCommandDatabase } from "./database";
import { EXIT, UsageError } from "./usage";

// `npm run cai -- run ...`: start an SL-CAI run and follow it, or look at and steer one.
//   run sl --dataset D --endpoint E --constitution C [options] [--wait | --work]
//   run status|pause|resume|cancel|retry ID
// The model calls are made by workers (`npm start` runs one, `npm run worker` adds more); --work
// runs one in this process until the run ends, for a machine with no studio running.

const SL_OPTIONS = {
  dataset: { type: "string" },
  endpoint: { type: "string" },
  constitution: { type: "string" },
  "constitution-version": { type: "string" },
  name: { type: "string" },
  revisions: { type: "string" },
  seed: { type: "string" },
  "fixed-order": { type: "boolean", default: false },
  "few-shot": { type: "boolean", default: false },
  format: { type: "string" },
  "no-reuse": { type: "boolean", default: false },
  temperature: { type: "string" },
  "top-p": { type: "string" },
  "max-tokens": { type: "string" },
  concurrency: { type: "string" },
  tag: { type: "string" },
  search: { type: "string" },
  "without-chains": { type: "boolean", default: false },
  limit: { type: "string" },
  wait: { type: "boolean", default: false },
  work: { type: "boolean", default: false },
} as const;

const CONTROLS = ["status", "pause", "resume", "cancel", "retry"] as const;
type Control = (typeof CONTROLS)[number];

export async function runCommand(argv: string[], root: string): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "sl") return startSl(rest, root);
  if ((CONTROLS as readonly string[]).includes(sub)) return control(sub as Control, rest, root);
  throw new UsageError(sub ? `unknown run command "${sub}"` : "say what to do: run sl ..., or run status|pause|resume|cancel|retry ID");
}

function parse(args: string[]) {
  try {
    return parseArgs({ args, options: SL_OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new UsageError(`--${flag} must be a number, not "${value}"`);
  return parsed;
}

async function startSl(args: string[], root: string): Promise<number> {
  const values = parse(args);
  for (const required of ["dataset", "endpoint"] as const) if (!values[required]) throw new UsageError(`--${required} is needed`);
  if (!values.constitution && !values["constitution-version"]) throw new UsageError("--constitution NAME (its latest version) or --constitution-version ID is needed");
  if (values["fixed-order"] && values.seed !== undefined) throw new UsageError("--seed is for random principle draws; leave it out with --fixed-order");
  const format = values.format ?? "chat";
  if (format !== "chat" && format !== "raw") throw new UsageError(`--format is chat or raw, not "${format}"`);

  // everything but the names is checked before any database opens
  const params = { temperature: number(values.temperature, "temperature"), topP: number(values["top-p"], "top-p"), maxTokens: number(values["max-tokens"], "max-tokens") };
  const settings = {
    name: values.name ?? "",
    filter: { tag: values.tag, q: values.search, withoutChains: values["without-chains"], limit: number(values.limit, "limit") },
    revisions: number(values.revisions, "revisions"),
    sampling: values["fixed-order"] ? { mode: "fixed" } : { mode: "uniform", seed: number(values.seed, "seed") },
    fewShot: values["few-shot"],
    promptFormat: format,
    reuseExistingResponse: !values["no-reuse"],
    params: Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)),
    concurrency: number(values.concurrency, "concurrency"),
  };
  const { slRunRequestSchema } = await import("@/lib/schemas/runs");
  const checked = slRunRequestSchema.safeParse({ ...settings, datasetId: 1, endpointId: 1, constitutionVersionId: 1 });
  if (!checked.success) throw new UsageError(checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));

  const database = await openCommandDatabase(root);
  process.env.DATABASE_URL = database.url;
  // loaded only now: the server modules read DATABASE_URL when they load
  const { createSlRun } = await import("@/lib/server/runs/create");
  const { UserError } = await import("@/lib/server/errors");
  const { lookUpRunTargets } = await import("./run-targets");
  try {
    const targets = await lookUpRunTargets({ dataset: values.dataset!, endpoint: values.endpoint!, constitution: values.constitution, version: values["constitution-version"] });
    const parsed = slRunRequestSchema.parse({ ...settings, ...targets } satisfies Record<keyof SlRunRequest, unknown>);
    const { runId, items } = await createSlRun(parsed);
    console.log(`Started SL-CAI run #${runId}: ${items.toLocaleString("en-US")} prompts x ${parsed.revisions} revisions.`);
    if (!values.wait && !values.work) {
      console.log(`Follow it with: npm run cai -- run status ${runId}  (or open /runs/${runId} in the studio)`);
      return EXIT.ok;
    }
    return await follow(runId, values.work);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    console.error(`Run not started: ${error.message}`);
    return EXIT.failed;
  } finally {
    const { pgPool } = await import("@/lib/server/pg");
    await pgPool().end();
    await database.close();
  }
}

/** Shows progress until the run ends; with `work`, runs a worker in this process meanwhile. */
async function follow(runId: number, work: boolean): Promise<number> {
  const { runProgress } = await import("@/lib/server/runs/progress");
  let worker: { stop(): Promise<void> } | undefined;
  if (work) {
    const { RunWorker } = await import("@/lib/server/runs/worker/worker");
    const { endpointConfig } = await import("@/lib/server/endpoints/config");
    const started = new RunWorker({ resolveEndpoint: endpointConfig, log: () => {} });
    await started.start();
    worker = started;
  }
  try {
    for (;;) {
      const progress = await runProgress(runId);
      if (process.stderr.isTTY) process.stderr.write(`\r${describeRun(progress)}\x1b[K`);
      if (!["QUEUED", "RUNNING"].includes(progress.status)) {
        if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
        console.log(describeRun(progress));
        return progress.status === "SUCCEEDED" && progress.failed === 0 ? EXIT.ok : EXIT.failed;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    await worker?.stop();
  }
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

export function describeRun(p: RunProgress): string {
  const finished = p.done + p.failed + p.cancelled;
  const percent = p.total > 0 ? Math.floor((finished / p.total) * 100) : 0;
  return [
    `run #${p.id} ${p.status.toLowerCase()}`,
    `${finished.toLocaleString("en-US")}/${p.total.toLocaleString("en-US")} prompts (${percent}%)`,
    p.failed > 0 ? `${p.failed} failed` : undefined,
    `${p.calls.toLocaleString("en-US")} calls`,
    p.callsPerMinute > 0 ? `${p.callsPerMinute}/min` : undefined,
    p.etaSeconds ? `ETA ${Math.ceil(p.etaSeconds / 60)} min` : undefined,
    ...p.recentErrors.slice(0, 2).map((e) => `${e.kind} x${e.count}: ${e.lastMessage}`),
  ]
    .filter(Boolean)
    .join(" · ");
}
