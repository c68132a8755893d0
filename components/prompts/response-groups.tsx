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

/** A group longer than this shows its first responses and folds the rest under a count. */
const SHOWN = 3;

interface Group {
  key: string;
  title: string;
  /** chain texts are folded away: the chains above show them in order */
  folded: boolean;
  responses: ResponseDetail[];
}

/** Responses grouped by where they came from and who produced them, e.g. the RL-CAI samples of one file. */
function groupResponses(responses: ResponseDetail[]): Group[] {
  return ORIGINS.flatMap(([origin, title]) => {
    const byProducer = new Map<string, ResponseDetail[]>();
    for (const response of responses.filter((r) => r.origin === origin)) {
      const producer = response.producer ?? "unknown";
      byProducer.set(producer, [...(byProducer.get(producer) ?? []), response]);
    }
    return [...byProducer].map(([producer, group]) => ({
      key: `${origin}:${producer}`,
      title: `${title} by ${producer}`,
      folded: origin === "INITIAL" || origin === "REVISION",
      responses: group,
    }));
  });
}

/** "pm_score mean 1.234" for each score name the group's responses carry. */
function scoreMeans(responses: ResponseDetail[]): string {
  const sums = new Map<string, { total: number; count: number }>();
  for (const score of responses.flatMap((r) => r.scores)) {
    const sum = sums.get(score.name) ?? { total: 0, count: 0 };
    sums.set(score.name, { total: sum.total + score.value, count: sum.count + 1 });
  }
  return [...sums].map(([name, { total, count }]) => `${name} mean ${(total / count).toFixed(3)}`).join(", ");
}

export function ResponseGroups({ responses, uses }: { responses: ResponseDetail[]; uses: Map<number, ResponseUse[]> }) {
  return (
    <div className="space-y-4">
      {groupResponses(responses).map((group) => {
        const means = scoreMeans(group.responses);
        const heading = (
          <>
            {group.title} ({group.responses.length}){means && <span className="ml-2 text-sm font-normal text-stone-600">{means}</span>}
            {group.folded && <span className="ml-2 text-sm font-normal text-stone-500">also shown in the chains</span>}
          </>
        );
        const items = (list: ResponseDetail[]) => (
          <ul className="mt-2 space-y-3">
            {list.map((response) => (
              <ResponseItem key={response.id} response={response} uses={uses.get(response.id) ?? []} />
            ))}
          </ul>
        );
        const rest = group.responses.length - SHOWN;
        const list =
          group.folded || rest <= 0 ? (
            items(group.responses)
          ) : (
            <>
              {items(group.responses.slice(0, SHOWN))}
              <details className="mt-3">
                <summary className="cursor-pointer text-sm font-medium text-blue-800">
                  Show the other {rest} of {group.responses.length} {group.title.toLowerCase().split(" by ")[0]}
                </summary>
                {items(group.responses.slice(SHOWN))}
              </details>
            </>
          );
        return (
          <section key={group.key} aria-label={group.title}>
            {group.folded ? (
              <details>
                <summary className="cursor-pointer font-semibold">{heading}</summary>
                {list}
              </details>
            ) : (
              <>
                <h3 className="font-semibold">{heading}</h3>
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
          <Link key={use.href + use.label} href={use.href}>
            {use.label}
          </Link>
        ))}
      </div>
      <TextBlock text={response.text} />
      <div className="mt-2">
        <ScoreList scores={response.scores} />
      </div>
    </li>
  );
}
