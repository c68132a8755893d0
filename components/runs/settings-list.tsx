import type { ReactNode } from "react";
import { formatDateTime } from "@/components/ui/format";
import type { RunDetail } from "@/lib/server/runs/queries";

// The "Settings" section of a run's page: what the run was started with, as recorded, one row a
// setting; every kind of run lists its own rows and ends with who started it and when.

export function SettingsList({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid gap-x-6 gap-y-2 rounded-lg border border-stone-200 bg-white p-4 text-sm sm:grid-cols-[12rem_1fr]">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-stone-500">{label}</dt>
          <dd className="text-stone-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The "Created" row: when, and by whom when that is recorded. */
export function createdText(run: RunDetail): string {
  return `${formatDateTime(run.createdAt)}${run.createdBy ? ` by ${run.createdBy.name ?? run.createdBy.email}` : ""}`;
}
