import { parseArgs } from "node:util";
import { IDENTICAL_ANSWERS_WHY } from "@/lib/cai/answer-text";
import { openCommandDatabase } from "./database";
import { EXIT, UsageError } from "./usage";

// `npm run cai -- pairs --dataset D --from chains|samples`: comparison pairs from responses the
// dataset already holds, for a labeling run to judge (the browser's Make pairs page does the same).

export async function pairsCommand(argv: string[], root: string): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: { dataset: { type: "string" }, from: { type: "string" }, points: { type: "string" }, run: { type: "string" }, producer: { type: "string" } },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.dataset) throw new UsageError("--dataset is needed");
  if (values.from !== "chains" && values.from !== "samples") throw new UsageError("--from is chains or samples");

  const database = await openCommandDatabase(root);
  process.env.DATABASE_URL = database.url;
  const { pairRequestSchema } = await import("@/lib/schemas/labels");
  const { makePairs } = await import("@/lib/server/labels/pairs");
  const { lookUpRunTargets } = await import("./run-targets");
  const { UserError } = await import("@/lib/server/errors");
  const { pgPool } = await import("@/lib/server/pg");
  try {
    const { datasetId } = await lookUpRunTargets({ dataset: values.dataset });
    const parsed = pairRequestSchema.safeParse(
      values.from === "chains" ? { mode: "chain", datasetId, runId: values.run, points: values.points } : { mode: "samples", datasetId, producer: values.producer },
    );
    if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    const { created, existing, identical } = await makePairs(parsed.data);
    console.log(`Made ${created.toLocaleString("en-US")} new pairs in dataset "${values.dataset}" (${existing.toLocaleString("en-US")} were already there).`);
    if (identical > 0) {
      console.log(`${identical.toLocaleString("en-US")} not made: the two answers are the same text, and ${IDENTICAL_ANSWERS_WHY}.`);
    }
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    console.error(`pairs: ${error.message}`);
    return EXIT.failed;
  } finally {
    await pgPool().end();
    await database.close();
  }
}
