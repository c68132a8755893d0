import { parseArgs } from "node:util";
import { sql, type Kysely } from "kysely";
import type { DB } from "@/lib/generated/db/types";
import { UserError } from "@/lib/server/errors";
import { HUMAN_LABEL_CHOICES } from "@/lib/schemas/scores";
import { openCommandDatabase } from "./database";
import { EXIT, UsageError } from "./usage";

// `npm run cai -- scores fit --dataset D [--run NAME|ID] [--humans review|imported|all]`:
// Bradley-Terry strengths (and their Elo scale) for a dataset's responses, fitted to a labeling
// run's soft labels and/or people's answers (the API's POST /api/scores/fit does the same).

export async function scoresCommand(argv: string[], root: string): Promise<number> {
  const [action, ...rest] = argv;
  if (action !== "fit") throw new UsageError(action === undefined ? "scores needs an action: fit" : `unknown scores action "${action}" (the one there is: fit)`);
  let values;
  try {
    values = parseArgs({ args: rest, strict: true, options: { dataset: { type: "string" }, run: { type: "string" }, humans: { type: "string" }, prior: { type: "string" } } }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.dataset) throw new UsageError("--dataset is needed");
  if (values.run === undefined && values.humans === undefined) throw new UsageError("name the labels to fit: --run NAME|ID, --humans review|imported|all, or both");
  if (values.humans !== undefined && !(HUMAN_LABEL_CHOICES as readonly string[]).includes(values.humans)) {
    throw new UsageError(`--humans is ${HUMAN_LABEL_CHOICES.join(", ")}, not "${values.humans}"`);
  }
  const prior = values.prior === undefined ? undefined : Number(values.prior);
  if (prior !== undefined && !(Number.isFinite(prior) && prior >= 0)) throw new UsageError(`--prior must be a number >= 0, not "${values.prior}"`);

  const database = await openCommandDatabase(root);
  process.env.DATABASE_URL = database.url;
  const { scoreFitRequestSchema } = await import("@/lib/schemas/scores");
  const { fitScores } = await import("@/lib/server/scores/fit");
  const { lookUpRunTargets } = await import("./run-targets");
  const { pgPool } = await import("@/lib/server/pg");
  const { db } = await import("@/lib/server/db");
  try {
    const { datasetId } = await lookUpRunTargets({ dataset: values.dataset });
    const runId = values.run === undefined ? undefined : await labelingRunId(db, datasetId, values.run);
    const parsed = scoreFitRequestSchema.safeParse({ datasetId, runId, humans: values.humans, prior });
    if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    const started = Date.now();
    const result = await fitScores(parsed.data);
    const n = (value: number) => value.toLocaleString("en-US");
    console.log(
      `Fitted "${result.name}" in dataset "${values.dataset}": ${n(result.responses)} responses scored (BRADLEY_TERRY and ELO) ` +
        `from ${n(result.labels)} labels over ${n(result.prompts)} prompts, ${n(result.replaced)} earlier scores replaced (${((Date.now() - started) / 1000).toFixed(1)} s).`,
    );
    if (result.notConverged > 0) console.log(`  ${n(result.notConverged)} prompts stopped at the iteration limit before converging.`);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    console.error(`scores fit: ${error.message}`);
    return EXIT.failed;
  } finally {
    await pgPool().end();
    await database.close();
  }
}

/** A labeling run of the dataset by id, or by name when exactly one has it. */
async function labelingRunId(db: Kysely<DB>, datasetId: number, run: string): Promise<number> {
  const rows = await db
    .selectFrom("Run")
    .select("id")
    .where(sql<boolean>`kind = 'LABEL'`)
    .where("datasetId", "=", datasetId)
    .where(sql<boolean>`(id::text = ${run} OR name = ${run})`)
    .orderBy(sql`(id::text = ${run})`, "desc")
    .orderBy("id")
    .execute();
  if (rows.length === 0) throw new UserError(`--run: the dataset has no labeling run "${run}"`);
  if (rows.length > 1 && String(rows[0].id) !== run) throw new UserError(`--run: ${rows.length} labeling runs are named "${run}"; give the id (${rows.map((r) => r.id).join(", ")})`);
  return rows[0].id;
}
