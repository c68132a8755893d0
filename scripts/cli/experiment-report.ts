import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { onDatabase, parse } from "./experiment";
import { EXIT, UsageError } from "./usage";

// `npm run cai -- experiment report NAME --out DIR`: an experiment's report as files: report.json
// (everything the report page shows), report.csv (one row per statistic with its interval and p)
// and report.svg (the win-rate forest plot). NAME is the experiment's name or id.

export async function experimentReportCommand(argv: string[], root: string): Promise<number> {
  const { values, positionals } = parse(argv, { out: { type: "string" }, seed: { type: "string" }, resamples: { type: "string" } });
  if (positionals.length !== 1) throw new UsageError("name one experiment (its name or id)");
  if (!values.out) throw new UsageError("--out DIR is needed");
  const number = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) throw new UsageError(`--${name} is a whole number`);
    return Number(value);
  };
  const seed = number("seed", values.seed);
  const resamples = number("resamples", values.resamples);
  const out = path.resolve(values.out);

  return onDatabase(root, "experiment report", async () => {
    const { experimentIdByName } = await import("@/lib/server/experiments/status");
    const { experimentReport } = await import("@/lib/server/experiments/report");
    const { experimentReportCsv } = await import("@/lib/formats/experiment-report-csv");
    const { forestSvg } = await import("@/lib/formats/experiment-forest");
    const report = await experimentReport(await experimentIdByName(positionals[0]), { seed, resamples });
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
  });
}
