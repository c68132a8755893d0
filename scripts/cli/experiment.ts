import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { ExperimentState } from "@/lib/server/experiments/status";
import { openCommandDatabase } from "./database";
import { experimentReportCommand } from "./experiment-report";
import { progressLine } from "./progress";
import { EXIT, UsageError } from "./usage";

// `npm run cai -- experiment ...`: constitution experiments (lib/server/experiments).
//   experiment create FILE             the experiment a JSON file describes (experiment-file.ts)
//   experiment run NAME [--wait|--work] start its arms, or move it on; follow it until judged
//   experiment list                    every experiment and where it is
//   experiment report NAME --out DIR   its report as files (experiment-report.ts)
// Each subcommand is a line of SUBCOMMANDS: a new one (the report) is a file next to this one and
// a line there. The server modules are loaded once the database is chosen (they read DATABASE_URL).

export type Subcommand = (args: string[], root: string) => Promise<number>;

const SUBCOMMANDS: Record<string, Subcommand> = {
  create: createCommand,
  run: runCommand,
  list: listCommand,
  report: experimentReportCommand,
};

export async function experimentCommand(argv: string[], root: string): Promise<number> {
  const [sub, ...rest] = argv;
  const command = sub === undefined ? undefined : SUBCOMMANDS[sub];
  if (!command) throw new UsageError(sub ? `unknown experiment command "${sub}"` : `say what to do: experiment ${Object.keys(SUBCOMMANDS).join("|")} ...`);
  return command(rest, root);
}

/** Opens the command's database, runs `work` with the server modules loaded on it, and closes it; a refusal is printed, exit 1. */
export async function onDatabase(root: string, failure: string, work: () => Promise<number>): Promise<number> {
  const database = await openCommandDatabase(root);
  process.env.DATABASE_URL = database.url;
  const { UserError } = await import("@/lib/server/errors");
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    console.error(`${failure}: ${error.message}`);
    return EXIT.failed;
  } finally {
    const { pgPool } = await import("@/lib/server/pg");
    await pgPool().end();
    await database.close();
  }
}

export function parse<O extends NonNullable<Parameters<typeof parseArgs>[0]>["options"]>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`experiment ${what} takes one ${what === "create" ? "FILE" : "NAME"}`);
  return positionals[0];
}

async function createCommand(args: string[], root: string): Promise<number> {
  const file = onePositional(parse(args, {}).positionals, "create");
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path.resolve(file), "utf8"));
  } catch (error) {
    console.error(`Experiment not created: ${file}: ${(error as Error).message}`);
    return EXIT.failed;
  }
  return onDatabase(root, "Experiment not created", async () => {
    const { resolveExperimentFile } = await import("./experiment-file");
    const { experimentRequestSchema } = await import("@/lib/schemas/experiments");
    const { createExperiment } = await import("@/lib/server/experiments/create");
    const { UserError } = await import("@/lib/server/errors");
    const request = experimentRequestSchema.safeParse(await resolveExperimentFile(json));
    if (!request.success) throw UserError.ofFields(request.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })));
    const created = await createExperiment(request.data);
    console.log(`Created experiment #${created.id} "${created.name}": ${created.prompts.toLocaleString("en-US")} prompts, arms ${created.arms.join(", ")} (seed ${created.seed}).`);
    console.log(`Start it with: npm run cai -- experiment run ${JSON.stringify(created.name)} [--work]`);
    return EXIT.ok;
  });
}

async function runCommand(args: string[], root: string): Promise<number> {
  const { values, positionals } = parse(args, { wait: { type: "boolean", default: false }, work: { type: "boolean", default: false } });
  const name = onePositional(positionals, "run");
  return onDatabase(root, `experiment run ${name}`, async () => {
    const { advanceExperiment } = await import("@/lib/server/experiments/advance");
    const { experimentIdByName } = await import("@/lib/server/experiments/status");
    const id = await experimentIdByName(name);
    let worker: { stop(): Promise<void> } | undefined;
    if (values.work) {
      const { studioWorker } = await import("@/lib/server/worker");
      const { endpointConfig } = await import("@/lib/server/endpoints/config");
      // run items (and experiment steps) only: export runs and webhook deliveries queued meanwhile wait for the studio's workers
      const started = studioWorker({ resolveEndpoint: endpointConfig, exportSlots: 0, webhookSlots: 0, log: () => {} });
      await started.start();
      worker = started;
    }
    try {
      let state = await advanceExperiment(id);
      if (!values.wait && !values.work) {
        console.log(describeExperiment(state));
        if (state.phase !== "failed") console.log(`Follow it with: npm run cai -- experiment run ${JSON.stringify(state.name)} --wait (or --work with no studio running)`);
        return state.phase === "failed" ? EXIT.failed : EXIT.ok;
      }
      // moving on each time: a run that ended while no worker was there to take the next step
      const line = progressLine(describeExperiment);
      while (state.phase !== "done" && state.phase !== "failed") {
        line.update(state);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        state = await advanceExperiment(id);
      }
      line.clear();
      console.log(describeExperiment(state));
      return state.phase === "done" ? EXIT.ok : EXIT.failed;
    } finally {
      await worker?.stop();
    }
  });
}

async function listCommand(args: string[], root: string): Promise<number> {
  if (parse(args, {}).positionals.length > 0) throw new UsageError("experiment list takes no arguments");
  return onDatabase(root, "experiment list", async () => {
    const { listExperiments } = await import("@/lib/server/experiments/status");
    const experiments = await listExperiments();
    if (experiments.length === 0) console.log("No experiments yet: npm run cai -- experiment create FILE");
    for (const experiment of experiments) console.log(describeExperiment(experiment));
    return EXIT.ok;
  });
}

/** One line: the experiment, its phase, and each of its runs' progress. */
export function describeExperiment(e: ExperimentState): string {
  const run = (label: string, r: ExperimentState["judgeRun"]) =>
    r ? `${label}: run #${r.id} ${r.status.toLowerCase()} ${r.done + r.failed + r.cancelled}/${r.total}${r.failed ? ` (${r.failed} failed)` : ""}` : undefined;
  return [
    `experiment #${e.id} "${e.name}"`,
    `${e.prompts.toLocaleString("en-US")} prompts of ${e.dataset}`,
    `${e.phase}: ${e.message}`,
    ...e.arms.map((arm) => run(arm.name, arm.run) ?? `${arm.name}: not started`),
    run("judge", e.judgeRun),
    run("scores", e.scoreRun),
  ]
    .filter(Boolean)
    .join(" · ");
}
