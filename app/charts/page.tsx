import Link from "next/link";
import { CHARTS } from "@/components/charts/catalogue";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/server/auth/session";

export const dynamic = "force-dynamic";
export const metadata = { title: "Charts" };

export default async function ChartsPage() {
  await requirePageUser("VIEWER");
  return (
    <>
      <PageHeader
        title="Charts"
        description="What the data says, each chart tied to the chains and labels it came from. Every number is also in a table under its chart, and downloads as CSV, SVG or PNG."
      />
      <ul className="grid gap-4 md:grid-cols-2">
        {CHARTS.map((chart) => (
          <li key={chart.slug} className="rounded-lg border border-stone-200 bg-white p-4">
            <h2 className="text-lg font-semibold">
              <Link href={`/charts/${chart.slug}`}>{chart.title}</Link>
            </h2>
            <p className="mt-1 text-sm text-stone-700">{chart.summary}</p>
          </li>
        ))}
      </ul>
      <p className="mt-6 text-sm text-stone-600">
        Nothing to chart yet? Import the paper&apos;s RL samples (they carry PM scores) or SL-CAI chains from the <Link href="/import">import page</Link>, or start a labeling run from{" "}
        <Link href="/runs">Runs</Link>.
      </p>
    </>
  );
}
