import { AgreementFilters } from "@/components/agreement/agreement-filters";
import { AgreementView } from "@/components/agreement/agreement-view";
import { ReviewerPositionBiasTable } from "@/components/agreement/reviewer-position-bias";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { agreementOptions } from "@/lib/server/agreement/options";
import { agreementReport } from "@/lib/server/agreement/report";
import { reviewerPositionReport } from "@/lib/server/agreement/reviewer-position";
import { requirePageUser } from "@/lib/server/auth/session";
import { z } from "zod";

export const dynamic = "force-dynamic";
export const metadata = { title: "Agreement" };

const querySchema = z.object({
  datasetId: z.coerce.number().int().positive().optional(),
  labelRunId: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().positive().optional()),
  humans: z.enum(["ALL", "REVIEW", "IMPORTED"]).default("ALL"),
});

export default async function AgreementPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePageUser("VIEWER");
  const options = await agreementOptions();
  const parsed = querySchema.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : querySchema.parse({});
  const datasetId = query.datasetId ?? options.datasets[0]?.id;
  const header = (
    <PageHeader
      title="Agreement"
      description="How far to trust the AI's labels: its verdicts against people's answers (the studio's reviewers and imported labels such as hh-rlhf's), overall, by how confident it was, per principle and per endpoint; and how much people agree with each other."
    />
  );
  if (datasetId === undefined) {
    return (
      <>
        {header}
        <EmptyState title="No AI labels to compare yet">
          <p>
            Agreement needs a labeling run on a dataset and people's answers on the same pairs: label pairs (Runs, New labeling run), then review them (Review) or import pairs that carry
            human labels (hh-rlhf).
          </p>
        </EmptyState>
      </>
    );
  }
  const [report, positions] = await Promise.all([agreementReport({ datasetId, labelRunId: query.labelRunId, humans: query.humans }), reviewerPositionReport(datasetId)]);
  return (
    <>
      {header}
      <AgreementFilters options={options} datasetId={datasetId} labelRunId={query.labelRunId} humans={query.humans} />
      <AgreementView report={report} />
      <ReviewerPositionBiasTable rows={positions} />
    </>
  );
}
