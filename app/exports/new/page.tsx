import Link from "next/link";
import { ExportForm } from "@/components/exports/form/export-form";
import { newExportValues } from "@/components/exports/form/export-form-values";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/server/auth/session";
import { exportFormOptions } from "@/lib/server/exports/form-options";

export const dynamic = "force-dynamic";
export const metadata = { title: "New export" };

export default async function NewExportPage() {
  // a form for reviewers: anyone else is told which role it needs
  await requirePageUser("REVIEWER");
  const options = await exportFormOptions();
  return (
    <>
      <PageHeader
        title="New export"
        description={
          <>
            <p>Choose a layout and what to take; the preview counts the rows and shows the first ones as you go. Saving keeps the definition; run it from its page to write the files.</p>
            <p className="text-sm">
              <Link href="/exports">All exports</Link>
            </p>
          </>
        }
      />
      <ExportForm options={options} initial={newExportValues()} />
    </>
  );
}
