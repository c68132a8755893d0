import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { auditFilterOptions, auditQuerySchema, listAudit } from "@/lib/server/audit/list";
import { requirePageUser } from "@/lib/server/auth/session";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePageUser("VIEWER");
  const parsed = auditQuerySchema.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : auditQuerySchema.parse({});
  const [page, options] = await Promise.all([listAudit(query), auditFilterOptions()]);
  return (
    <>
      <PageHeader
        title="Audit"
        description="Who did what, when, and from what to what: labels given and changed, runs started and steered, imports, pairs, endpoints, constitutions and users. Entries are never edited or removed."
      />
      <AuditFilters query={query} options={options} />
      {!parsed.success && <p className="mb-4 text-red-800">Some filters could not be read and were left out.</p>}
      {page.rows.length === 0 ? (
        <EmptyState title="Nothing recorded for these filters">
          <p>Changes are recorded as they happen. Clear a filter, or come back after someone imports, runs or reviews.</p>
        </EmptyState>
      ) : (
        <AuditTable rows={page.rows} nextBefore={page.nextBefore} query={query} />
      )}
    </>
  );
}
