import { runBenchChild, spread } from "./child";

// issue 17: after an import that leaves the chart summaries stale, no chart request waits for their
// rebuild. On the paper-scale database with the chart data (chart-data.ts), a write the summaries'
// triggers do not follow (one statement of 5,000 scores, as an import batch of scored samples or a
// fit writes) marks them stale; a worker's sweep then rebuilds them in the background while the five
// charts read from summaries are requested one after another, in a process of its own
// (charts-after-import-child.ts), calling the chart functions the API routes call (no HTTP, no
// session check). The added scores are removed afterwards and the summaries rebuilt again.

export interface ChartsAfterImportFigures {
  /** chart requests answered while the summaries were stale (before and during the rebuild) */
  requests: number;
  p50: number;
  p95: number;
  /** the slowest of them, the figure the issue asks for, and its chart */
  max: number;
  slowest: string;
  /** of those, answers that said their numbers were not current */
  staleAnswers: number;
  /** how long the background rebuild took */
  rebuildMs: number;
}

export async function benchChartsAfterImport(databaseUrl: string): Promise<ChartsAfterImportFigures> {
  const { timesMs, ...child } = await runBenchChild<{ timesMs: number[]; staleAnswers: number; rebuildMs: number; slowest: string }>(
    "scripts/bench/charts-after-import-child.ts",
    databaseUrl,
  );
  return { requests: timesMs.length, ...spread(timesMs), ...child };
}
