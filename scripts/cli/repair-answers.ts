import { parseArgs } from "node:util";
import { openCommandDatabase } from "./database";
import { EXIT, UsageError } from "./usage";

// `npm run cai -- repair-answers [--dataset D] [--dry-run]`: stored answers cleaned by the rule new
// answers follow (lib/server/answers/repair.ts says how, and what it leaves to a person).

export async function repairAnswersCommand(argv: string[], root: string): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: argv, strict: true, options: { dataset: { type: "string" }, "dry-run": { type: "boolean" } } }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const dryRun = values["dry-run"] ?? false;

  const database = await openCommandDatabase(root);
  process.env.DATABASE_URL = database.url;
  const { repairAnswers } = await import("@/lib/server/answers/repair");
  const { lookUpRunTargets } = await import("./run-targets");
  const { UserError } = await import("@/lib/server/errors");
  const { pgPool } = await import("@/lib/server/pg");
  try {
    const datasetId = values.dataset === undefined ? undefined : (await lookUpRunTargets({ dataset: values.dataset })).datasetId;
    const started = Date.now();
    const result = await repairAnswers({ datasetId, dryRun });
    const n = (value: number) => value.toLocaleString("en-US");
    const where = values.dataset === undefined ? "every dataset" : `dataset "${values.dataset}"`;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `${dryRun ? "Would change" : "Changed"} ${n(result.changed)} of ${n(result.scanned)} answers in ${where} (${seconds} s): ` +
        `whitespace around them trimmed, ${n(result.markersCut)} ending in a turn marker cut, ${n(result.emptied)} now empty.`,
    );
    if (result.identicalComparisons.count > 0) {
      const ids = result.identicalComparisons.ids.map((id) => `#${id}`).join(", ");
      const more = result.identicalComparisons.count > result.identicalComparisons.ids.length ? ", ..." : "";
      const one = result.identicalComparisons.count === 1;
      console.log(
        `${n(result.identicalComparisons.count)} ${one ? "comparison" : "comparisons"} ${dryRun ? `would then hold` : one ? "now holds" : "now hold"} two identical answers (${ids}${more}); ` +
          "they are left as they are, with their labels: delete them from Comparisons if they should go.",
      );
    }
    console.log(
      dryRun
        ? "Dry run: nothing was written."
        : result.changed > 0
          ? 'Each range of answers changed is in the audit log ("answers.repair"), with the texts as they were.'
          : "Nothing to repair.",
    );
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    console.error(`repair-answers: ${error.message}`);
    return EXIT.failed;
  } finally {
    await pgPool().end();
    await database.close();
  }
}
