import { PromptsBrowser } from "@/components/prompts/prompts-browser";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { promptListQuerySchema, promptListSearchParams } from "@/lib/schemas/prompts";
import { datasetOptions } from "@/lib/server/datasets/queries";
import { listPrompts } from "@/lib/server/prompts/list";
import { RoleOnly } from "@/components/auth/role-only";

export const dynamic = "force-dynamic";
export const metadata = { title: "Prompts" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function PromptsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
  const parsed = promptListQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : {};
  const [page, datasets] = await Promise.all([listPrompts(query), datasetOptions()]);
  const key = promptListSearchParams(query).toString();
  return (
    <>
      <PageHeader title="Prompts" description="Every conversation in every dataset. Open one to read its chains, responses and comparisons." />
      {datasets.length === 0 && key === "" ? (
        <EmptyState
          title="No prompts yet"
          action={
            <RoleOnly min="REVIEWER">
              <LinkButton href="/import">Import a dataset</LinkButton>
            </RoleOnly>
          }
        >
          <p>Prompts arrive with an import: a JSONL or CSV of prompts, hh-rlhf pairs, or the CAI paper&apos;s chains.</p>
        </EmptyState>
      ) : (
        <>
          {!parsed.success && (
            <p role="alert" className="mb-4 rounded bg-amber-100 px-3 py-2 text-amber-950">
              Some filters in the address could not be read and are ignored: {parsed.error.issues.map((issue) => issue.path.join(".")).join(", ")}.
            </p>
          )}
          <PromptsBrowser initialKey={key} initialPage={page} datasets={datasets} />
        </>
      )}
    </>
  );
}
