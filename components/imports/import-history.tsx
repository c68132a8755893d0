import Link from "next/link";
import { formatBytes, formatDateTime } from "@/components/ui/format";
import { Cell, Row, Table, type Column } from "@/components/ui/table";
import type { ImportHistoryRow } from "@/lib/server/datasets/queries";
import { importCountsLine } from "./import-counts";
import { ImportStatusBadge } from "./import-status-badge";

const COLUMNS: Column[] = [{ header: "Import" }, { header: "File" }, { header: "Format" }, { header: "Into" }, { header: "Status" }, { header: "Result" }, { header: "When" }];

export function ImportHistory({ imports }: { imports: ImportHistoryRow[] }) {
  return (
    <Table columns={COLUMNS}>
      {imports.map((row) => (
        <Row key={row.id}>
          <Cell>
            <Link href={`/imports/${row.id}`}>#{row.id}</Link>
          </Cell>
          <Cell>
            <span className="break-all">{row.fileName}</span>
            <div className="text-stone-500">{formatBytes(row.fileBytes)}</div>
          </Cell>
          <Cell className="text-stone-700">{row.format}</Cell>
          <Cell>
            <ImportTarget row={row} />
          </Cell>
          <Cell>
            <ImportStatusBadge status={row.status} />
          </Cell>
          <Cell className="max-w-md text-stone-700">
            {row.status === "FAILED" ? <span className="whitespace-pre-wrap break-words text-red-800">{row.error}</span> : importCountsLine(row.stats)}
          </Cell>
          <Cell className="whitespace-nowrap text-stone-600">{formatDateTime(row.createdAt)}</Cell>
        </Row>
      ))}
    </Table>
  );
}

function ImportTarget({ row }: { row: ImportHistoryRow }) {
  if (row.dataset) return <Link href={`/prompts?dataset=${row.dataset.id}`}>{row.dataset.name}</Link>;
  const version = row.constitutionVersions[0];
  if (version) {
    return (
      <Link href={`/constitutions/versions/${version.id}`}>
        {version.constitution.name} v{version.version}
      </Link>
    );
  }
  const name = row.stats.datasetName ?? row.stats.constitution;
  return <span className="text-stone-500">{typeof name === "string" ? name : "nothing"}</span>;
}
