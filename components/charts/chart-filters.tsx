import type { ChartOptions } from "@/lib/schemas/charts";

// A GET form: a chart's scope lives in its URL, so a chart can be linked and reloaded as it is.

export interface ExtraField {
  name: string;
  label: string;
  value: string;
  choices: { value: string; label: string }[];
}

const FIELD = "mt-1 block w-full rounded border border-stone-300 bg-white px-2 py-1.5";

export function ChartFilters({
  options,
  dataset,
  run,
  runKinds,
  runLabel = "Run",
  anyRun = "Any run",
  extra = [],
}: {
  options: ChartOptions;
  dataset?: number;
  run?: number;
  /** which kinds of run the run picker offers */
  runKinds: string[];
  runLabel?: string;
  anyRun?: string;
  extra?: ExtraField[];
}) {
  const runs = options.runs.filter((r) => runKinds.includes(r.kind) && (dataset === undefined || r.datasetId === dataset));
  return (
    <form method="get" className="mb-6 grid gap-3 rounded-lg border border-stone-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5" aria-label="Choose what to chart">
      <label className="text-sm font-medium text-stone-800">
        Dataset
        <select name="dataset" defaultValue={dataset ?? ""} className={FIELD}>
          <option value="">All datasets</option>
          {options.datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium text-stone-800">
        {runLabel}
        <select name="run" defaultValue={run ?? ""} className={FIELD}>
          <option value="">{anyRun}</option>
          {runs.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      {extra.map((field) => (
        <label key={field.name} className="text-sm font-medium text-stone-800">
          {field.label}
          <select name={field.name} defaultValue={field.value} className={FIELD}>
            {field.choices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
      ))}
      <div className="flex items-end">
        <button type="submit" className="rounded bg-blue-800 px-3 py-1.5 font-medium text-white hover:bg-blue-900">
          Show
        </button>
      </div>
    </form>
  );
}
