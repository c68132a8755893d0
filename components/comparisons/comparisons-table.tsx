import Link from "next/link";
import { FlipBadge } from "@/components/labels/flip-badge";
import { ORIGIN_LABELS, SOURCE_LABELS } from "@/components/ui/label-format";
import { ProbabilityBar } from "@/components/labels/probability-bar";
import { Cell, Row, RowHeader, Table, type Column } from "@/components/ui/table";
import type { ComparisonRow, ComparisonSide } from "@/lib/schemas/comparisons";

const COLUMNS: Column[] = [
  { header: "Comparison" },
  { header: "Prompt" },
  { header: "Source" },
  { header: "A" },
  { header: "B" },
  { header: "Verdict P(A)" },
  { header: "Human labels", className: "text-right" },
];

/** One row per comparison; the verdict column is the newest labeling run's P(A) as used. */
export function ComparisonsTable({ rows, runParam }: { rows: ComparisonRow[]; runParam?: number }) {
  const href = (id: number) => `/comparisons/${id}${runParam ? `?run=${runParam}` : ""}`;
  return (
    <Table caption="Comparisons" columns={COLUMNS}>
      {rows.map((row) => (
        <Row key={row.id}>
          <RowHeader className="whitespace-nowrap">
            <Link href={href(row.id)}>#{row.id}</Link>
          </RowHeader>
          <Cell className="max-w-md">
            <Link href={href(row.id)} className="line-clamp-2 break-words whitespace-pre-wrap text-stone-900">
              {row.preview.trim() || "(empty)"}
            </Link>
            <div className="text-xs text-stone-500">
              prompt <Link href={`/prompts/${row.promptId}`}>#{row.promptId}</Link> · {row.datasetName}
            </div>
          </Cell>
          <Cell className="whitespace-nowrap">{SOURCE_LABELS[row.source]}</Cell>
          <Cell>
            <Side side={row.a} />
          </Cell>
          <Cell>
            <Side side={row.b} />
          </Cell>
          <Cell className="whitespace-nowrap">
            {row.verdict ? (
              <div className="space-y-1">
                <ProbabilityBar pA={row.verdict.pAUsed} label={`Verdict P(A) of comparison ${row.id}`} compact />
                <div className="flex flex-wrap items-center gap-1 text-xs text-stone-600">
                  {row.verdict.flips > 0 && <FlipBadge count={row.verdict.flips} of={row.verdict.principles} />}
                  {row.verdict.chainOfThought && <span>clamped · raw {row.verdict.pA.toFixed(3)}</span>}
                  {row.verdicts > 1 && <span>{row.verdicts} runs</span>}
                </div>
              </div>
            ) : (
              <span className="text-stone-500">{row.withheld ? "hidden until your blind answer" : "not judged"}</span>
            )}
          </Cell>
          <Cell className="text-right tabular-nums">{row.humanLabels}</Cell>
        </Row>
      ))}
    </Table>
  );
}

function Side({ side }: { side: ComparisonSide }) {
  return (
    <div className="max-w-40 min-w-28">
      <div className="font-mono text-xs break-words text-stone-900">{side.producer ?? "unknown producer"}</div>
      <div className="text-xs text-stone-600">{ORIGIN_LABELS[side.origin]}</div>
    </div>
  );
}
