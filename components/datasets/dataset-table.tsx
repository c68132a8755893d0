import Link from "next/link";
import { formatCount } from "@/components/ui/format";
import type { DatasetSummary } from "@/lib/server/datasets/queries";

const COLUMNS = [
  ["prompts", "Prompts"],
  ["chains", "Chains"],
  ["steps", "Steps"],
  ["comparisons", "Comparisons"],
  ["humanLabels", "Human labels"],
  ["responses", "Responses"],
] as const;

export function DatasetTable({ datasets }: { datasets: DatasetSummary[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
      <table className="w-full text-sm">
        <thead className="bg-stone-100 text-left text-stone-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Dataset</th>
            {COLUMNS.map(([key, label]) => (
              <th key={key} scope="col" className="px-3 py-2 text-right font-medium">{label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {datasets.map((dataset) => (
            <tr key={dataset.id} className="border-t border-stone-100">
              <th scope="row" className="px-3 py-2 text-left font-medium">
                <Link href={`/prompts?dataset=${dataset.id}`}>{dataset.name}</Link>
                {dataset.description && <div className="font-normal text-stone-500">{dataset.description}</div>}
              </th>
              {COLUMNS.map(([key]) => (
                <td key={key} className="px-3 py-2 text-right tabular-nums">{formatCount(dataset.counts[key])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
