import type { z } from "zod";
import type { RunProgress } from "@/lib/schemas/runs";
import { openCommandDatabase } from "./database";
import { progressLine } from "./progress";
import { EXIT, UsageError } from "./usage";

// What every `run <kind>` command does once its options are read: check the request before any
// database opens, resolve the names it gives (dataset, endpoint, constitution), start the run, and
// follow it when asked.

export interface RunNames {
  dataset?: string;
  endpoint?: string;
  constitution?: string;
  "constitution-version"?: string;
  wait?: boolean;
  work?: boolean;
}

export interface StartSpec {
  schema: z.ZodType;
  /** the request without the ids the names resolve to */
  settings: Record<string, unknown>;
  /** false for runs with no constitution (sampling) */
  constitution?: boolean;
  create(request: unknown): Promise<{ runId: number; items: number }>;
  /** the line that says what started */
  started(runId: number, items: number, request: unknown): string;
}

export async function startRunCommand(root: string, names: RunNames, spec: StartSpec): Promise<number> {
  const withConstitution = spec.constitution ?? true;
  for (const required of ["dataset", "endpoint"] as const) if (!names[required]) throw new UsageError(`--${required} is needed`);
  if (withConstitution && !names.constitution && !names["constitution-version"]) {
    throw new UsageError("--constitution NAME (its latest version) or --constitution-version ID is needed");
  }
  const ids = { datasetId: 1, endpointId: 1, ...(withConstitution && { constitutionVersionId: 1 }) };
  const checked = spec.schema.safeParse({ ...spec.settings, ...ids });
  if (!checked.success) throw new UsageError(checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));

  const database = await openCommandDatabase(root);
  process.env.DATABASE_URL = database.url;
  // loaded only now: the server modules read DATABASE_URL when they load
  const { UserError } = await import("@/lib/server/errors");
  const { lookUpRunTargets } = await import("./run-targets");
  try {
    const targets = await lookUpRunTargets({
      dataset: names.dataset!,
      endpoint: names.endpoint!,
      ...(withConstitution && { constitution: names.constitution, version: names["constitution-version"] }),
    });
    const request = spec.schema.parse({ ...spec.settings, ...targets });
    const { runId, items } = await spec.create(request);
    console.log(spec.started(runId, items, request));
    if (!names.wait && !names.work) {
      console.log(`Follow it with: npm run cai -- run status ${runId}  (or open /runs/${runId} in the studio)`);
      return EXIT.ok;
    }
    return await follow(runId, names.work ?? false);
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
    const { studioWorker } = await import("@/lib/server/worker");
    const { endpointConfig } = await import("@/lib/server/endpoints/config");
    // run items only: export runs and webhook deliveries queued meanwhile wait for the studio's workers
    const started = studioWorker({ resolveEndpoint: endpointConfig, exportSlots: 0, webhookSlots: 0, log: () => {} });
    await started.start();
    worker = started;
  }
  const line = progressLine(describeRun);
  try {
    for (;;) {
      const progress = await runProgress(runId);
      line.update(progress);
      if (!["QUEUED", "RUNNING"].includes(progress.status)) {
        line.clear();
        console.log(describeRun(progress));
        return progress.status === "SUCCEEDED" && progress.failed === 0 ? EXIT.ok : EXIT.failed;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    await worker?.stop();
  }
}

export function describeRun(p: RunProgress): string {
  const finished = p.done + p.failed + p.cancelled;
  const percent = p.total > 0 ? Math.floor((finished / p.total) * 100) : 0;
  return [
    `run #${p.id} ${p.status.toLowerCase()}`,
    `${finished.toLocaleString("en-US")}/${p.total.toLocaleString("en-US")} ${p.kind === "LABEL" ? "pairs" : "prompts"} (${percent}%)`,
    p.failed > 0 ? `${p.failed} failed` : undefined,
    p.identicalPairs > 0 ? `${p.identicalPairs.toLocaleString("en-US")} without a pair (identical samples)` : undefined,
    `${p.calls.toLocaleString("en-US")} calls`,
    p.callsPerMinute > 0 ? `${p.callsPerMinute}/min` : undefined,
    p.etaSeconds ? `ETA ${Math.ceil(p.etaSeconds / 60)} min` : undefined,
    p.waitingForKey ? `waiting for a worker with ${p.waitingForKey} set` : undefined,
    ...p.recentErrors.slice(0, 2).map((e) => `${e.kind} x${e.count}: ${e.lastMessage}`),
  ]
    .filter(Boolean)
    .join(" · ");
}
