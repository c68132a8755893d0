import { scoreSourceName } from "@/components/charts/score-sources";
import type { ResponseDetail } from "@/lib/server/prompts/detail";

export function ScoreList({ scores }: { scores: ResponseDetail["scores"] }) {
  if (scores.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-2 text-xs" aria-label="Scores">
      {scores.map((score) => (
        <li key={score.id} className="rounded bg-violet-100 px-1.5 py-0.5 text-violet-950 tabular-nums">
          {score.name} {score.value.toFixed(3)} <span className="text-violet-800">({scoreSourceName(score.source)})</span>
        </li>
      ))}
    </ul>
  );
}
