import Link from "next/link";
import { formatDateTime } from "@/components/ui/format";
import type { ConstitutionListItem } from "@/lib/server/constitutions/queries";

export function ConstitutionList({ constitutions }: { constitutions: ConstitutionListItem[] }) {
  return (
    <ul className="space-y-4">
      {constitutions.map((constitution) => (
        <li key={constitution.id} className="rounded-lg border border-stone-200 bg-white px-4 py-3">
          <h2 className="text-lg font-semibold">{constitution.name}</h2>
          {constitution.description && <p className="text-stone-600">{constitution.description}</p>}
          <table className="mt-2 w-full text-sm">
            <thead className="text-left text-stone-500">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Version
                </th>
                <th scope="col" className="py-1 pr-3 text-right font-medium">
                  Principles
                </th>
                <th scope="col" className="py-1 pr-3 text-right font-medium">
                  Few-shot examples
                </th>
                <th scope="col" className="py-1 pr-3 text-right font-medium">
                  Chains using it
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Note
                </th>
                <th scope="col" className="py-1 font-medium">
                  Made
                </th>
              </tr>
            </thead>
            <tbody>
              {constitution.versions.map((version) => (
                <tr key={version.id} className="border-t border-stone-100">
                  <td className="py-1 pr-3">
                    <Link href={`/constitutions/versions/${version.id}`}>v{version.version}</Link>
                  </td>
                  <td className="py-1 pr-3 text-right tabular-nums">{version._count.principles}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{version._count.fewShots}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{version._count.chains}</td>
                  <td className="py-1 pr-3 text-stone-700">{version.note}</td>
                  <td className="py-1 whitespace-nowrap text-stone-600">{formatDateTime(version.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </li>
      ))}
    </ul>
  );
}
