import Link from "next/link";
import { formatDateTime } from "@/components/ui/format";
import { TextBlock } from "@/components/ui/text-block";
import type { ResponseDetail } from "@/lib/server/prompts/detail";
import type { ResponseUse } from "./response-usage";
import { ScoreList } from "./score-list";

const ORIGINS = [
  ["SAMPLE", "Samples"],
  ["IMPORTED", "Imported answers"],
  ["INITIAL", "Initial responses"],
  ["REVISION", "Revisions"],
] as const;

/** Every response to the prompt, grouped by where it came from. Chain texts are folded away,
 *  since the chains above show them in order. */
export function ResponseGroups({ responses, uses }: { responses: ResponseDetail[]; uses: Map<number, ResponseUse[]> }) {
  return (
    <div className="space-y-4">
      {ORIGINS.map(([origin, title]) => {
        const group = responses.filter((response) => response.origin === origin);
        if (group.length === 0) return null;
        const folded = origin === "INITIAL" || origin === "REVISION";
        const list = (
          <ul className="mt-2 space-y-3">
            {group.map((response) => (
              <ResponseItem key={response.id} response={response} uses={uses.get(response.id) ?? []} />
            ))}
          </ul>
        );
        return (
          <section key={origin} aria-label={title}>
            {folded ? (
              <details>
                <summary className="cursor-pointer font-semibold">
                  {title} ({group.length}) <span className="font-normal text-stone-500">also shown in the chains</span>
                </summary>
                {list}
              </details>
            ) : (
              <>
                <h3 className="font-semibold">
                  {title} ({group.length})
                </h3>
                {list}
              </>
            )}
          </section>
        );
      })}
    </div>
  );
}

function ResponseItem({ response, uses }: { response: ResponseDetail; uses: ResponseUse[] }) {
  return (
    <li id={`response-${response.id}`} className="rounded-lg border border-stone-200 bg-white px-4 py-3">
      <div className="mb-1 flex flex-wrap items-baseline gap-x-3 text-xs text-stone-600">
        <span className="font-semibold text-stone-800">Response #{response.id}</span>
        {response.producer && <span>by {response.producer}</span>}
        {response.importId !== null && <Link href={`/imports/${response.importId}`}>import #{response.importId}</Link>}
        <span>{formatDateTime(response.createdAt)}</span>
        {uses.map((use) => (
          <Link key={use.href + use.label} href={use.href}>{use.label}</Link>
        ))}
      </div>
      <TextBlock text={response.text} />
      <div className="mt-2">
        <ScoreList scores={response.scores} />
      </div>
    </li>
  );
}
