import type { ExperimentReport } from "@/lib/schemas/experiment-report";

// An experiment's report as CSV (RFC 4180): one row per statistic, with its n, value, 95% interval,
// p-values and flag where it has them, and the link to the items behind it, so a spreadsheet or R
// reads every figure of the page. Text fields that a spreadsheet would run as a formula (an arm
// named "=1+1") are prefixed with an apostrophe.

export const EXPERIMENT_CSV_COLUMNS = ["section", "arm", "against", "principle", "statistic", "n", "value", "low", "high", "p", "p_holm", "flag", "link"] as const;

type Cell = string | number | null;
type Row = Partial<Record<(typeof EXPERIMENT_CSV_COLUMNS)[number], Cell>>;

export function experimentReportCsv(report: ExperimentReport): string {
  const rows: Row[] = [];
  const { counts } = report;
  rows.push(
    { section: "counts", statistic: "prompts", value: counts.prompts.value },
    { section: "counts", statistic: "pairs", value: counts.pairs.value, link: counts.pairs.href },
    { section: "counts", statistic: "pairs_judged", value: counts.pairsJudged.value, link: counts.pairsJudged.href },
    { section: "counts", statistic: "pairs_missing_verdict", value: counts.pairsMissingVerdict.value, link: counts.pairsMissingVerdict.href },
  );
  for (const pair of report.pairs) {
    const base = { section: "pair", arm: pair.arm.name, against: pair.opponent.name };
    const w = pair.winRate;
    const lc = pair.lengthControlled;
    rows.push(
      { ...base, statistic: "win_rate", n: w.n, value: w.value, low: w.interval?.low, high: w.interval?.high, p: w.p, p_holm: pair.pHolm, link: w.href },
      { ...base, statistic: "wins", value: pair.wins.value, link: pair.wins.href },
      { ...base, statistic: "ties", value: pair.ties.value, link: pair.ties.href },
      { ...base, statistic: "losses", value: pair.losses.value, link: pair.losses.href },
      { ...base, statistic: "missing_verdict", value: pair.missing.value, link: pair.missing.href },
      { ...base, statistic: "mean_preference", n: w.n, value: w.meanPreference },
      { ...base, statistic: "length_controlled_win_rate", n: lc.n, value: lc.value, low: lc.interval?.low, high: lc.interval?.high, link: lc.href },
      { ...base, statistic: "length_slope_per_log_ratio", n: lc.n, value: lc.slope },
    );
    if (pair.scoreDelta) {
      const d = pair.scoreDelta;
      rows.push({ ...base, statistic: "score_delta", n: d.n, value: d.mean, low: d.interval?.low, high: d.interval?.high, p: d.wilcoxon.p, link: d.href });
    }
  }
  for (const arm of report.ranking?.arms ?? []) {
    rows.push({ section: "ranking", arm: arm.arm, statistic: "bradley_terry_strength", value: arm.strength }, { section: "ranking", arm: arm.arm, statistic: "rank", value: arm.rank });
  }
  for (const arm of report.principles) {
    for (const p of arm.principles) {
      const base = { section: "principle", arm: arm.arm, principle: p.key };
      const c = p.scoreChange;
      rows.push({ ...base, statistic: "revisions", value: p.revisions });
      if (c.n > 0) rows.push({ ...base, statistic: "score_change", n: c.n, value: c.mean, low: c.low, high: c.high, flag: p.scoreFlag, link: c.href });
      if (p.revisionWins) {
        const r = p.revisionWins;
        rows.push({ ...base, statistic: "revision_win_share", n: r.n, value: r.share, low: r.interval.low, high: r.interval.high, flag: p.winFlag, link: r.href });
      }
      rows.push({ ...base, statistic: "principle_flag", flag: p.flag ?? "" });
    }
  }
  report.failureModes.arms.forEach((arm, i) => {
    const base = { section: "failure_modes", arm: arm.arm, link: arm.href };
    rows.push(
      { ...base, statistic: "evasive_share", n: arm.answers, value: arm.evasiveShare },
      { ...base, statistic: "mean_length_chars", n: arm.answers, value: arm.meanLength },
      ...report.failureModes.phrases.map((phrase) => ({ ...base, statistic: `phrase_share: ${phrase.phrase}`, n: arm.sampled, value: phrase.shares[i] })),
    );
  });
  return [EXPERIMENT_CSV_COLUMNS.map(field), ...rows.map((row) => EXPERIMENT_CSV_COLUMNS.map((column) => field(row[column] ?? null)))].map((cells) => cells.join(",")).join("\r\n") + "\r\n";
}

function field(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
