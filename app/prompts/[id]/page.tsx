import Link from "next/link";
import { notFound } from "next/navigation";
import { ChainView } from "@/components/prompts/chain-view";
import { ComparisonView } from "@/components/prompts/comparison-view";
import { Conversation } from "@/components/prompts/conversation";
import { ResponseGroups } from "@/components/prompts/response-groups";
import { responseUses } from "@/components/prompts/response-usage";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { TagList } from "@/components/ui/tag-list";
import { parseRouteId } from "@/lib/schemas/ids";
import { requirePageUser } from "@/lib/server/auth/session";
import { promptForViewer } from "@/lib/server/prompts/for-viewer";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Prompt ${(await params).id}` };
}

export default async function PromptPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const id = parseRouteId((await params).id);
  const prompt = id === undefined ? null : await promptForViewer(id, user);
  if (!prompt) notFound();
  const responses = new Map(prompt.responses.map((response) => [response.id, response]));
  return (
    <>
      <PageHeader
        title={`Prompt ${prompt.id}`}
        description={
          <div className="space-y-1 text-sm">
            <p>
              Dataset <Link href={`/prompts?dataset=${prompt.dataset.id}`}>{prompt.dataset.name}</Link>
              {prompt.import && (
                <>
                  {" "}
                  · from <Link href={`/imports/${prompt.import.id}`}>{prompt.import.fileName}</Link>
                  {prompt.sourceLine !== null && `, line ${prompt.sourceLine}`}
                </>
              )}{" "}
              · added {formatDateTime(prompt.createdAt)}
            </p>
            <TagList tags={prompt.tags} hrefFor={(tag) => `/prompts?tag=${encodeURIComponent(tag)}`} />
          </div>
        }
      />
      <div className="max-w-5xl">
        <Section title="Conversation" id="conversation">
          <Conversation turns={prompt.turns} />
        </Section>
        {prompt.chains.length > 0 && (
          <Section title={`Critique-revision chains (${prompt.chains.length})`} id="chains">
            <div className="space-y-4">
              {prompt.chains.map((chain) => (
                <ChainView key={chain.id} chain={chain} responses={responses} />
              ))}
            </div>
          </Section>
        )}
        {prompt.comparisons.length > 0 && (
          <Section title={`Comparisons (${prompt.comparisons.length})`} id="comparisons">
            <div className="space-y-4">
              {prompt.comparisons.map((comparison) => (
                <ComparisonView key={comparison.id} comparison={comparison} responses={responses} />
              ))}
            </div>
          </Section>
        )}
        <Section title={`Responses (${prompt.responses.length})`} id="responses">
          {prompt.responses.length === 0 ? (
            <p className="text-stone-600">No responses are recorded for this prompt yet.</p>
          ) : (
            <ResponseGroups responses={prompt.responses} uses={responseUses(prompt.chains, prompt.comparisons)} />
          )}
        </Section>
      </div>
    </>
  );
}
