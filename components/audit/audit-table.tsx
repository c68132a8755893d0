import Link from "next/link";
import { formatDateTime } from "@/components/ui/format";
import { Cell, Row, Table, type Column } from "@/components/ui/table";
import type { AuditQuery, AuditRow } from "@/lib/server/audit/list";

// Newest first. Each entry links to the thing it is about; "before" and "after" are shown as the
// recorded JSON, escaped like any other text.

const ITEM_LINKS: Record<string, (id: string) => string> = {
  run: (id) => `/runs/${id}`,
  import: (id) => `/imports/${id}`,
  comparison: (id) => `/comparisons/${id}`,
  "constitution-version": (id) => `/constitutions/versions/${id}`,
  dataset: (id) => `/prompts?dataset=${id}`,
  endpoint: () => "/settings",
  user: () => "/settings/users",
  export: (id) => `/exports/${id}`,
  exportRun: (id) => `/exports/runs/${id}`,
};

const COLUMNS: Column[] = [{ header: "When" }, { header: "Who" }, { header: "Action" }, { header: "Item" }, { header: "From → to" }];

export function AuditTable({ rows, nextBefore, query }: { rows: AuditRow[]; nextBefore: number | null; query: AuditQuery }) {
  const older = new URLSearchParams(Object.entries({ ...query, before: nextBefore ?? undefined, limit: undefined }).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
  return (
    <>
      <Table columns={COLUMNS}>
        {rows.map((row) => {
          const link = ITEM_LINKS[row.entityType]?.(row.entityId);
          return (
            <Row key={row.id}>
              <Cell className="whitespace-nowrap text-stone-700">{formatDateTime(row.createdAt)}</Cell>
              <Cell>{row.who}</Cell>
              <Cell className="font-mono text-xs text-stone-900">{row.action}</Cell>
              <Cell className="whitespace-nowrap">
                {link ? (
                  <Link href={link}>
                    {row.entityType} #{row.entityId}
                  </Link>
                ) : (
                  `${row.entityType} #${row.entityId}`
                )}
              </Cell>
              <Cell>
                <Change before={row.before} after={row.after} />
              </Cell>
            </Row>
          );
        })}
      </Table>
      {nextBefore !== null && (
        <p className="mt-3">
          <Link href={`/audit?${older}`}>Older entries →</Link>
        </p>
      )}
    </>
  );
}

function Change({ before, after }: { before: unknown; after: unknown }) {
  if (before == null && after == null) return <span className="text-stone-500">—</span>;
  return (
    <div className="space-y-1 font-mono text-xs">
      {before != null && <pre className="whitespace-pre-wrap wrap-anywhere text-stone-600">{compact(before)}</pre>}
      {before != null && after != null && <div className="text-stone-500">→</div>}
      {after != null && <pre className="whitespace-pre-wrap wrap-anywhere text-stone-900">{compact(after)}</pre>}
    </div>
  );
}

/** One line per field, long values cut: the trail is for reading, the database keeps it all. */
function compact(value: unknown): string {
  if (typeof value !== "object" || value === null) return String(value);
  return Object.entries(value)
    .map(([k, v]) => {
      const text = typeof v === "string" ? v : JSON.stringify(v);
      return `${k}: ${text.length > 160 ? `${text.slice(0, 160)}…` : text}`;
    })
    .join("\n");
}
