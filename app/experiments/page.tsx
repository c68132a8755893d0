import Link from "next/link";
import { PHASE_TONES } from "@/components/experiments/format";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Cell, Row, RowHeader, Table } from "@/components/ui/table";
import { requirePageUser } from "@/lib/server/auth/session";
import { listExperiments } from "@/lib/server/experiments/status";

export const dynamic = "force-dynamic";
export const metadata = { title: "Experiments" };

export default async function ExperimentsPage() {
  await requirePageUser("VIEWER");
  const experiments = await listExperiments();
  return (
    <>
      <PageHeader
        title="Experiments"
        description="Which constitution makes better data: two or more SL-CAI configurations on the same prompts, their answers judged against each other, with effect sizes, intervals and p-values."
      />
      {experiments.length === 0 ? (
        <EmptyState title="No experiments yet">
          <p>
            An experiment runs each arm (a constitution version, endpoint, revisions, sampling) as an SL-CAI run over one prompt set, then judges every prompt&apos;s final answers of each
            two arms in both orders. Describe it in a JSON file and start it from the command line:
          </p>
          <pre className="overflow-x-auto rounded-md bg-stone-100 px-3 py-2 text-sm">
            {`npm run cai -- experiment create experiment.json
npm run cai -- experiment run NAME
npm run cai -- experiment report NAME --out DIR`}
          </pre>
          <p>
            The file names the experiment, its dataset and prompt set, its arms and its judge; <code>npm run cai -- experiment --help</code> shows its format. The report then appears here.
          </p>
        </EmptyState>
      ) : (
        <Table
          caption="Experiments, newest first"
          columns={[{ header: "Experiment" }, { header: "Arms" }, { header: "Dataset" }, { header: "Prompts", className: "text-right" }, { header: "Where it is" }, { header: "Created" }]}
        >
          {experiments.map((experiment) => (
            <Row key={experiment.id}>
              <RowHeader>
                <Link href={`/experiments/${experiment.id}`}>{experiment.name}</Link>
              </RowHeader>
              <Cell>{experiment.arms.map((arm) => arm.name).join(", ")}</Cell>
              <Cell>
                <Link href={`/prompts?dataset=${experiment.datasetId}`}>{experiment.dataset}</Link>
              </Cell>
              <Cell className="text-right tabular-nums">{experiment.prompts.toLocaleString("en-US")}</Cell>
              <Cell>
                <StatusBadge tone={PHASE_TONES[experiment.phase]}>{experiment.phase}</StatusBadge> <span className="text-sm text-stone-600">{experiment.message}</span>
              </Cell>
              <Cell className="whitespace-nowrap">{formatDateTime(experiment.createdAt)}</Cell>
            </Row>
          ))}
        </Table>
      )}
    </>
  );
}
