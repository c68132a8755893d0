import { Button } from "@/components/ui/button";

// A GET form: the report's scope lives in the URL.
export function AgreementFilters({
  options,
  datasetId,
  labelRunId,
  humans,
}: {
  options: { datasets: { id: number; name: string }[]; runs: { id: number; datasetId: number; name: string }[] };
  datasetId: number;
  labelRunId?: number;
  humans: string;
}) {
  const field = "mt-1 block w-full rounded border border-stone-300 bg-white px-2 py-1.5";
  return (
    <form method="get" className="mb-6 grid gap-3 rounded-lg border border-stone-200 bg-white p-4 sm:grid-cols-4" aria-label="Choose what to compare">
      <label className="text-sm font-medium text-stone-800">
        Dataset
        <select name="datasetId" defaultValue={datasetId} className={field}>
          {options.datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium text-stone-800">
        Labeling run
        <select name="labelRunId" defaultValue={labelRunId ?? ""} className={field}>
          <option value="">Every run of the dataset</option>
          {options.runs
            .filter((r) => r.datasetId === datasetId)
            .map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
        </select>
      </label>
      <label className="text-sm font-medium text-stone-800">
        People
        <select name="humans" defaultValue={humans} className={field}>
          <option value="ALL">Reviewers and imported labels</option>
          <option value="REVIEW">The studio's reviewers</option>
          <option value="IMPORTED">Imported labels (e.g. hh-rlhf)</option>
        </select>
      </label>
      <div className="flex items-end">
        <Button type="submit">Show</Button>
      </div>
    </form>
  );
}
