import Link from "next/link";
import { ProbabilityBar } from "@/components/labels/probability-bar";
import { Cell, Row, Table, type Column } from "@/components/ui/table";
import type { AdjudicationRow } from "@/lib/server/review/adjudication";
import { RESOLUTION_WORDS } from "./adjudication-words";

const COLUMNS: Column[] = [{ header: "Comparison" }, { header: "People (A · B · tie)" }, { header: "AI verdict" }, { header: "Why" }, { header: "Resolution" }];

/** The items to adjudicate: people's answers, the AI's P(A), why each is here and how it was resolved. */
export function AdjudicationList({ queueId, rows }: { queueId: number; rows: AdjudicationRow[] }) {
  if (rows.length === 0) return <p className="text-stone-700">Nothing to adjudicate: no item&apos;s reviewers disagree so far.</p>;
  return (
    <Table label="Items to adjudicate" columns={COLUMNS}>
      {rows.map((row) => (
        <Row key={row.comparisonId}>
          <Cell className="whitespace-nowrap">
            <Link href={`/review/${queueId}/adjudication/${row.comparisonId}`}>Comparison #{row.comparisonId}</Link>
          </Cell>
          <Cell className="whitespace-nowrap tabular-nums">
            {row.a} · {row.b} · {row.tie}
          </Cell>
          <Cell className="whitespace-nowrap">
            {row.pAUsed === null ? <span className="text-stone-500">—</span> : <ProbabilityBar pA={row.pAUsed} label={`Verdict P(A) of comparison ${row.comparisonId}`} compact />}
          </Cell>
          <Cell>{row.reasons.join("; ")}</Cell>
          <Cell>{row.resolved ? `${RESOLUTION_WORDS[row.resolved.choice]} by ${row.resolved.by ?? "someone"}` : <span className="text-stone-600">unresolved</span>}</Cell>
        </Row>
      ))}
    </Table>
  );
}
