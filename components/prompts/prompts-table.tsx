import Link from "next/link";
import { formatDateTime } from "@/components/ui/format";
import { Cell, Row, Table, type Column } from "@/components/ui/table";
import { TagList } from "@/components/ui/tag-list";
import type { PromptRow } from "@/lib/schemas/prompts";

const NUMBER = "text-right";
const COLUMNS: Column[] = [
  { header: "Id" },
  { header: "Last user turn" },
  { header: "Dataset" },
  { header: "Tags" },
  { header: "Turns", className: NUMBER },
  { header: "Chains", className: NUMBER },
  { header: "Labels", className: NUMBER },
  { header: "Created" },
];

export function PromptsTable({ rows }: { rows: PromptRow[] }) {
  return (
    <Table columns={COLUMNS}>
      {rows.map((row) => (
        <Row key={row.id}>
          <Cell className="tabular-nums">
            <Link href={`/prompts/${row.id}`}>{row.id}</Link>
          </Cell>
          <Cell className="max-w-xl">
            <Link href={`/prompts/${row.id}`} className="line-clamp-3 whitespace-pre-wrap break-words text-stone-900">
              {row.preview.trim() || "(empty)"}
            </Link>
          </Cell>
          <Cell className="whitespace-nowrap">{row.datasetName}</Cell>
          <Cell>
            <TagList tags={row.tags} />
          </Cell>
          <Cell className="text-right tabular-nums">{row.turns}</Cell>
          <Cell className="text-right tabular-nums">{row.chains}</Cell>
          <Cell className="text-right tabular-nums">{row.labels}</Cell>
          <Cell className="whitespace-nowrap text-stone-600">{formatDateTime(row.createdAt)}</Cell>
        </Row>
      ))}
    </Table>
  );
}
