import Link from "next/link";
import { Suspense, type ReactNode } from "react";
import { formatCount } from "@/components/ui/format";
import type { DatasetDeepCounts, DatasetSummary } from "@/lib/server/datasets/queries";
import { RoleOnly } from "@/components/auth/role-only";

const FAST = [
  ["prompts", "Prompts"],
  ["chains", "Chains"],
] as const;
const DEEP = [
  ["steps", "Steps"],
  ["humanLabels", "Human labels"],
  ["responses", "Responses"],
] as const;

/** `deepCounts` may still be running: those cells stream in when it settles. */
export function DatasetTable({ datasets, deepCounts }: { datasets: DatasetSummary[]; deepCounts: Promise<Map<number, DatasetDeepCounts>> }) {
  const header = (label: string) => (
    <th key={label} scope="col" className="px-3 py-2 text-right font-medium">
      {label}
    </th>
  );
  const cell = (key: string, value: ReactNode) => (
    <td key={key} className="px-3 py-2 text-right tabular-nums">
      {value}
    </td>
  );
  return (
    <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
      <table className="w-full text-sm">
        <thead className="bg-stone-100 text-left text-stone-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Dataset
            </th>
            {FAST.map(([, label]) => header(label))}
            {header(DEEP[0][1])}
            {header("Comparisons")}
            {DEEP.slice(1).map(([, label]) => header(label))}
          </tr>
        </thead>
        <tbody>
          {datasets.map((dataset) => {
            const deep = (field: keyof DatasetDeepCounts) =>
              cell(
                field,
                <Suspense fallback={<span className="text-stone-400">…</span>}>
                  <DeepCount counts={deepCounts} datasetId={dataset.id} field={field} />
                </Suspense>,
              );
            return (
              <tr key={dataset.id} className="border-t border-stone-100">
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  <Link href={`/prompts?dataset=${dataset.id}`}>{dataset.name}</Link>
                  {dataset.description && <div className="font-normal text-stone-500">{dataset.description}</div>}
                </th>
                {FAST.map(([key]) => cell(key, formatCount(dataset.counts[key])))}
                {deep("steps")}
                {cell(
                  "comparisons",
                  dataset.counts.comparisons > 0 ? (
                    <Link href={`/comparisons?dataset=${dataset.id}`} aria-label={`${formatCount(dataset.counts.comparisons)} comparisons of ${dataset.name}`}>
                      {formatCount(dataset.counts.comparisons)}
                    </Link>
                  ) : (
                    <RoleOnly min="REVIEWER" otherwise="0">
                      <Link href={`/comparisons/new?dataset=${dataset.id}`} aria-label={`Make pairs for ${dataset.name}`} className="text-sm">
                        Make pairs
                      </Link>
                    </RoleOnly>
                  ),
                )}
                {deep("humanLabels")}
                {deep("responses")}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

async function DeepCount({ counts, datasetId, field }: { counts: Promise<Map<number, DatasetDeepCounts>>; datasetId: number; field: keyof DatasetDeepCounts }) {
  return formatCount((await counts).get(datasetId)?.[field] ?? 0);
}
