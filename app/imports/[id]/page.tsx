import Link from "next/link";
import { notFound } from "next/navigation";
import { answerNotes, importCounts } from "@/components/imports/import-counts";
import { ProblemList } from "@/components/imports/problem-list";
import { ImportStatusBadge } from "@/components/imports/import-status-badge";
import { formatBytes, formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/section";
import { Stats } from "@/components/ui/stats";
import { findImport } from "@/lib/server/datasets/queries";
import { parseRouteId } from "@/lib/schemas/ids";

export const dynamic = "force-dynamic";

export default async function ImportPage({ params }: { params: Promise<{ id: string }> }) {
  const id = parseRouteId((await params).id);
  const row = id === undefined ? null : await findImport(id);
  if (!row) notFound();
  const version = row.constitutionVersions[0];
  return (
    <>
      <PageHeader
        title={`Import #${row.id}`}
        description={
          <span className="break-all">
            {row.fileName} · {formatBytes(row.fileBytes)} · {row.format} · {formatDateTime(row.createdAt)}
          </span>
        }
        actions={<ImportStatusBadge status={row.status} />}
      />
      <Card className="max-w-4xl space-y-4">
        {row.dataset && (
          <p>
            Into dataset <Link href={`/prompts?dataset=${row.dataset.id}`}>{row.dataset.name}</Link>
          </p>
        )}
        {version && (
          <p>
            Made{" "}
            <Link href={`/constitutions/versions/${version.id}`}>
              {version.constitution.name} v{version.version}
            </Link>
          </p>
        )}
        {row.status === "FAILED" && (
          <div role="alert" className="rounded bg-red-50 px-3 py-2 text-red-950">
            <p className="font-semibold">Failed: nothing was imported.</p>
            <p className="whitespace-pre-wrap break-words">{row.error}</p>
          </div>
        )}
        {row.status !== "FAILED" && <Stats label="Import counts" items={importCounts(row.stats).map((count) => ({ label: count.label, value: count.value }))} />}
        {row.status !== "FAILED" &&
          answerNotes(row.stats).map((note) => (
            <p key={note} className="text-stone-800">
              {note}
            </p>
          ))}
        {row.skipBadLines && <p className="text-sm text-stone-600">Bad lines were skipped (skip bad lines was on).</p>}
        <ProblemList title="Skipped lines and notices" count={row.problems.length} items={row.problems} />
        {row.fileSha256 && <p className="font-mono text-xs break-all text-stone-500">sha256 {row.fileSha256}</p>}
      </Card>
    </>
  );
}
