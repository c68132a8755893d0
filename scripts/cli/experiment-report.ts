import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { openCommandDatabase } from "./database";
import { EXIT, UsageError } from "./usage";

// `npm run cai -- experiment report NAME --out DIR`: an experiment's report as files: report.json
// (everything the report page shows), report.csv (one row per statistic with its interval and p)
// and report.svg (the win-rate forest plot). NAME is the experiment's name or id.

export async function experimentReportCommand(argv: string[], root: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { out: { type: "string" }, seed: { type: "string" }, resamples: { type: "string" } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError("name one experiment (its name or id)");
  if (!values.out) throw new UsageError("--out DIR is needed");
  const number = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) throw new UsageError(`--${name} is a whole number`);
    return Number(value);
  };
  const seed = number("seed", values.seed);
  const resamples = number("resamples", values.resamples);

  const database = await openCommandDatabase(root);
  process.env.DATABASE_URL = database.url;
  const { prisma } = await import("@/lib/server/db");
  const { experimentReport } = await import("@/lib/server/experiments/report");
  const { experimentReportCsv } = await import("@/lib/formats/experiment-report-csv");
  const { forestSvg } = await import("@/lib/formats/experiment-forest");
  const { UserError } = await import("@/lib/server/errors");
  const { pgPool } = await import("@/lib/server/pg");
  try {
    const name = positionals[0];
    const experiment =
      (await prisma.experiment.findUnique({ where: { name }, select: { id: true } })) ??
      (/^\d+$/.test(name) && Number(name) <= 2_147_483_647 ? await prisma.experiment.findUnique({ where: { id: Number(name) }, select: { id: true } }) : null);
    if (!experiment) {
      console.error(`experiment report: there is no experiment "${name}"`);
      return EXIT.failed;
    }
    const report = await experimentReport(experiment.id, { seed, resamples });
    const out = path.resolve(values.out);
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(path.join(out, "report.csv"), experimentReportCsv(report));
    writeFileSync(path.join(out, "report.svg"), forestSvg(report, `${report.experiment.name}: win rate with 95% interval`));
    console.log(`Wrote report.json, report.csv and report.svg of experiment "${report.experiment.name}" (${report.experiment.phase}: ${report.experiment.message}) to ${out}.`);
    for (const pair of report.pairs) {
      const w = pair.winRate;
      const interval = w.interval ? ` [${w.interval.low.toFixed(3)}, ${w.interval.high.toFixed(3)}]` : "";
      console.log(`  ${pair.arm.name} vs ${pair.opponent.name}: win rate ${w.value === null ? "-" : w.value.toFixed(3)}${interval}, sign test p = ${w.p.toPrecision(3)} (${w.n} judged)`);
    }
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    console.error(`experiment report: ${error.message}`);
    return EXIT.failed;
  } finally {
    await pgPool().end();
    await database.close();
  }
}
