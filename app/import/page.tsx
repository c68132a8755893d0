import { ImportForm } from "@/components/imports/import-form";
import { PageHeader } from "@/components/ui/page-header";
import { datasetOptions } from "@/lib/server/datasets/queries";
import { requirePageUser } from "@/lib/server/auth/session";
import { roleAtLeast } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";
export const metadata = { title: "Import" };

export default async function ImportPage({ searchParams }: { searchParams: Promise<{ dataset?: string | string[] }> }) {
  // a form for reviewers: anyone else is told which role it needs
  const user = await requirePageUser("REVIEWER");
  const [datasets, { dataset }] = await Promise.all([datasetOptions(), searchParams]);
  return (
    <>
      <PageHeader
        title="Import"
        description={
          <>
            Prompts and SFT chat rows, preference pairs (hh-rlhf, TRL&apos;s forms, the studio&apos;s own exports), the CAI paper&apos;s chains and RL samples, or a constitution; as JSONL,
            CSV or Parquet. An import is all or nothing unless you skip bad lines; importing a file again adds nothing twice. For files too big for a browser:{" "}
            <code className="rounded bg-stone-100 px-1 font-mono text-sm">npm run cai -- import FILE --dataset NAME</code>
          </>
        }
      />
      <ImportForm datasetNames={datasets.map((d) => d.name)} initialDataset={typeof dataset === "string" ? dataset : ""} mayImportConstitutions={roleAtLeast(user.role, "ADMIN")} />
    </>
  );
}
