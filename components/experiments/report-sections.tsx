import Link from "next/link";
import type { ReactNode } from "react";
import { RunStatusBadge } from "@/components/runs/run-status-badge";
import { formatRate } from "@/components/ui/label-format";
import { Cell, Row, RowHeader, Table } from "@/components/ui/table";
import type { ExperimentReport, Linked, PrincipleRow } from "@/lib/schemas/experiment-report";
import { formatEstimate, formatInterval, formatP } from "./format";

// The report's tables. Every figure links to the items behind it (the comparisons browser, the
// scored revisions, a run), so a number can always be checked against what the model wrote.

function To({ href, children }: { href: string | null | undefined; children: ReactNode }) {
  return href ? <Link href={href}>{children}</Link> : <>{children}</>;
}

function Count({ figure }: { figure: Linked<number> }) {
  return <To href={figure.href}>{figure.value.toLocaleString("en-US")}</To>;
}

function Estimate({ value, interval, href }: { value: number | null; interval?: { low: number | null; high: number | null } | null; href?: string | null }) {
  return (
    <span className="tabular-nums">
      <To href={href}>{formatEstimate(value)}</To> <span className="text-stone-500">{formatInterval(interval)}</span>
    </span>
  );
}

export function ArmsTable({ report }: { report: ExperimentReport }) {
  const runRow = (label: string, run: ExperimentReport["experiment"]["judgeRun"]) =>
    run && (
      <Row key={label}>
        <RowHeader>{label}</RowHeader>
        <Cell>
          <Link href={run.href}>{run.name || `Run #${run.id}`}</Link>
        </Cell>
        <Cell>
          <RunStatusBadge status={run.status} />
        </Cell>
        <Cell />
      </Row>
    );
  return (
    <Table columns={[{ header: "Arm" }, { header: "Run" }, { header: "Status" }, { header: "Answers", className: "text-right" }]} caption="Arms and their runs">
      {report.arms.map((arm) => (
        <Row key={arm.id}>
          <RowHeader>{arm.name}</RowHeader>
          <Cell>{arm.run ? <Link href={arm.run.href}>{arm.run.name || `Run #${arm.run.id}`}</Link> : "not started"}</Cell>
          <Cell>{arm.run && <RunStatusBadge status={arm.run.status} />}</Cell>
          <Cell className="text-right tabular-nums">{arm.answers.toLocaleString("en-US")}</Cell>
        </Row>
      ))}
      {runRow("Judging run", report.experiment.judgeRun)}
      {runRow("Scoring run", report.experiment.scoreRun)}
    </Table>
  );
}

export function PairsTable({ report }: { report: ExperimentReport }) {
  const scored = report.pairs.some((pair) => pair.scoreDelta !== null);
  const holm = report.ranking !== null;
  return (
    <Table
      caption="Each pair of arms: the later arm's wins, ties and losses, win rate with its 95% interval and sign test, length-controlled win rate and score delta"
      columns={[
        { header: "Arm vs arm" },
        { header: "Wins / ties / losses", className: "text-right" },
        { header: "Missing verdict", className: "text-right" },
        { header: "Win rate [95%]" },
        { header: "Sign test p", className: "text-right" },
        ...(holm ? [{ header: "Holm p", className: "text-right" }] : []),
        { header: "At equal length [95%]" },
        ...(scored ? [{ header: "Score delta [95%]" }, { header: "Wilcoxon p", className: "text-right" }] : []),
      ]}
    >
      {report.pairs.map((pair) => (
        <Row key={`${pair.opponent.id}-${pair.arm.id}`}>
          <RowHeader>
            {pair.arm.name} <span className="font-normal text-stone-500">vs</span> {pair.opponent.name}
          </RowHeader>
          <Cell className="text-right tabular-nums whitespace-nowrap">
            <Count figure={pair.wins} /> / <Count figure={pair.ties} /> / <Count figure={pair.losses} />
          </Cell>
          <Cell className="text-right tabular-nums">
            <Count figure={pair.missing} />
          </Cell>
          <Cell className="whitespace-nowrap">
            <Estimate value={pair.winRate.value} interval={pair.winRate.interval} href={pair.winRate.href} />
          </Cell>
          <Cell className="text-right tabular-nums">{formatP(pair.winRate.p)}</Cell>
          {holm && <Cell className="text-right tabular-nums">{formatP(pair.pHolm)}</Cell>}
          <Cell className="whitespace-nowrap">
            <Estimate value={pair.lengthControlled.value} interval={pair.lengthControlled.interval} href={pair.lengthControlled.href} />
          </Cell>
          {scored && (
            <>
              <Cell className="whitespace-nowrap">{pair.scoreDelta ? <Estimate value={pair.scoreDelta.mean} interval={pair.scoreDelta.interval} href={pair.scoreDelta.href} /> : "—"}</Cell>
              <Cell className="text-right tabular-nums">{formatP(pair.scoreDelta?.wilcoxon.p)}</Cell>
            </>
          )}
        </Row>
      ))}
    </Table>
  );
}

export function RankingTable({ ranking }: { ranking: NonNullable<ExperimentReport["ranking"]> }) {
  return (
    <Table caption="Bradley-Terry ranking of the arms" columns={[{ header: "Rank", className: "w-16 text-right" }, { header: "Arm" }, { header: "Strength", className: "text-right" }]}>
      {ranking.arms.map((arm) => (
        <Row key={arm.armId}>
          <Cell className="text-right tabular-nums">{arm.rank ?? "—"}</Cell>
          <RowHeader>{arm.arm}</RowHeader>
          <Cell className="text-right tabular-nums">{formatEstimate(arm.strength)}</Cell>
        </Row>
      ))}
    </Table>
  );
}

const FLAG_WORDS: Record<NonNullable<PrincipleRow["flag"]>, string> = { "no-change": "changes nothing", worse: "makes answers worse" };

export function PrinciplesTable({ arm, scoreName }: { arm: ExperimentReport["principles"][number]; scoreName: string | null }) {
  return (
    <Table
      caption={`Critique principles of arm ${arm.arm}: score change of their revisions and how often a revision beat the answer before it`}
      columns={[
        { header: "Principle" },
        { header: "Revisions", className: "text-right" },
        { header: `Score change${scoreName ? ` (${scoreName})` : ""} [95%]` },
        { header: "Revision wins [95%]" },
        { header: "Flag" },
      ]}
    >
      {arm.principles.map((p) => (
        <Row key={p.principleId}>
          <RowHeader>{p.key}</RowHeader>
          <Cell className="text-right tabular-nums">{p.revisions.toLocaleString("en-US")}</Cell>
          <Cell className="whitespace-nowrap">
            {p.scoreChange.n > 0 ? (
              <>
                <Estimate value={p.scoreChange.mean} interval={p.scoreChange} href={p.scoreChange.href} /> <span className="text-xs text-stone-500">n {p.scoreChange.n}</span>
              </>
            ) : (
              "—"
            )}
          </Cell>
          <Cell className="whitespace-nowrap">
            {p.revisionWins ? (
              <>
                <Estimate value={p.revisionWins.share} interval={p.revisionWins.interval} href={p.revisionWins.href} /> <span className="text-xs text-stone-500">n {p.revisionWins.n}</span>
              </>
            ) : (
              "—"
            )}
          </Cell>
          <Cell>{p.flag ? <span className={p.flag === "worse" ? "font-semibold text-red-800" : "text-amber-800"}>{FLAG_WORDS[p.flag]}</span> : ""}</Cell>
        </Row>
      ))}
    </Table>
  );
}

export function FailureModesTable({ failureModes }: { failureModes: ExperimentReport["failureModes"] }) {
  return (
    <Table
      caption="Failure modes per arm: evasive answers, phrases that spread, and length"
      columns={[
        { header: "Arm" },
        { header: "Answers", className: "text-right" },
        { header: "Evasive", className: "text-right" },
        { header: "Mean length (chars)", className: "text-right" },
        ...failureModes.phrases.map((phrase) => ({ header: <>“{phrase.phrase}”</>, className: "text-right" })),
      ]}
    >
      {failureModes.arms.map((arm, i) => (
        <Row key={arm.armId}>
          <RowHeader>
            <To href={arm.href}>{arm.arm}</To>
          </RowHeader>
          <Cell className="text-right tabular-nums">{arm.answers.toLocaleString("en-US")}</Cell>
          <Cell className="text-right tabular-nums">{formatRate(arm.evasiveShare)}</Cell>
          <Cell className="text-right tabular-nums">{arm.meanLength === null ? "—" : Math.round(arm.meanLength).toLocaleString("en-US")}</Cell>
          {failureModes.phrases.map((phrase) => (
            <Cell key={phrase.phrase} className="text-right tabular-nums">
              {formatRate(phrase.shares[i])}
            </Cell>
          ))}
        </Row>
      ))}
    </Table>
  );
}
