import { ComparisonsBrowser } from "@/components/comparisons/comparisons-browser";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { comparisonListQuerySchema, comparisonListSearchParams } from "@/lib/schemas/comparisons";
import { roleAtLeast } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/server/auth/session";
import { listComparisons } from "@/lib/server/comparisons/list";
import { anyComparison, comparisonFilterNames, comparisonRunOptions } from "@/lib/server/comparisons/options";
import { datasetOptions } from "@/lib/server/datasets/queries";
import { UserError } from "@/lib/server/errors";
import { RoleOnly } from "@/components/auth/role-only";

export const dynamic = "force-dynamic";
export const metadata = { title: "Comparisons" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function ComparisonsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageUser();
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
  const parsed = comparisonListQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : {};
  const [page, datasets, runs, any, names] = await Promise.all([
    // a run filter naming no run is shown as the browser shows it: a message above an empty table
    listComparisons(query, roleAtLeast(user.role, "REVIEWER") ? user.id : undefined).catch((error) => (error instanceof UserError ? null : Promise.reject(error))),
    datasetOptions(),
    comparisonRunOptions(),
    anyComparison(),
    comparisonFilterNames(query),
  ]);
  const key = comparisonListSearchParams(query).toString();
  const makePairs = `/comparisons/new${query.dataset ? `?dataset=${query.dataset}` : ""}`;
  return (
    <>
      <PageHeader
        title="Comparisons"
        description="Pairs of responses to one prompt, with the AI verdicts and human labels on which is better. Open one to read each label's reasoning and probabilities."
        actions={
          <RoleOnly min="REVIEWER">
            <LinkButton href="/runs/new-label" variant="secondary">
              New labeling run
            </LinkButton>
            <LinkButton href={makePairs}>Make pairs</LinkButton>
          </RoleOnly>
        }
      />
      {!any && key === "" ? (
        <EmptyState
          title="No comparisons yet"
          action={
            <RoleOnly min="REVIEWER">
              <LinkButton href="/comparisons/new">Make pairs</LinkButton>
            </RoleOnly>
          }
        >
          <p>A comparison is two responses to the same prompt, which a feedback model (or a person) judges. Make them:</p>
          <ul className="list-disc space-y-1 pl-5">
            <li>from a dataset&apos;s critique-revision chains: the initial response against the final revision, or each revision against the next;</li>
            <li>from stored samples (the CAI paper&apos;s RL samples), paired in order;</li>
            <li>by a sampling run: two fresh answers of an endpoint per prompt;</li>
            <li>or import hh-rlhf pairs, which arrive as comparisons with their human label.</li>
          </ul>
          <p>Then start a labeling run to judge them.</p>
        </EmptyState>
      ) : (
        <>
          {!parsed.success && (
            <p role="alert" className="mb-4 rounded bg-amber-100 px-3 py-2 text-amber-950">
              Some filters in the address could not be read and are ignored: {parsed.error.issues.map((issue) => issue.path.join(".")).join(", ")}.
            </p>
          )}
          <ComparisonsBrowser initialKey={key} initialPage={page} datasets={datasets} runs={runs} names={names} />
        </>
      )}
    </>
  );
}
