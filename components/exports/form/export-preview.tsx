"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDebounced } from "@/components/ui/use-debounced";
import { postJson } from "@/components/ui/fetch-json";
import { formatCount } from "@/components/ui/format";
import { exportPreviewRequestSchema } from "@/lib/schemas/export-preview";
import { toDefinitionInput, type ExportFormValues } from "./export-form-values";

// The rows the definition selects, counted and the first few shown, as the server will write them;
// asked again a moment after the person stops changing the form. Rows are model and user text:
// shown as JSON text, escaped by React, never as HTML.

const PREVIEW_ROWS = 5;

export function ExportPreviewPanel({ values }: { values: ExportFormValues }) {
  const parsed = exportPreviewRequestSchema.safeParse({ layout: values.layout, definition: toDefinitionInput(values), limit: PREVIEW_ROWS });
  const key = useDebounced(parsed.success ? JSON.stringify(parsed.data) : null, 400);
  const result = useQuery({
    queryKey: ["export-preview", key],
    queryFn: () => postJson("/api/exports/preview", JSON.parse(key!)),
    enabled: key !== null,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
    retry: false,
  });
  let message: string;
  if (!parsed.success) message = "Fix the fields marked above to see a preview.";
  else if (result.isError) message = `The preview could not be made: ${result.error.message}`;
  else if (!result.data) message = "Counting rows…";
  else if (result.data.count === 0) message = "No row matches this definition: the export would be empty.";
  else if (result.data.countBeforeTextFilters) {
    message = `This definition selects ${formatCount(result.data.count)} ${result.data.count === 1 ? "row" : "rows"} before the answers left out by their text (evasive, phrases): the run says how many it wrote.`;
  } else message = `This definition selects ${formatCount(result.data.count)} ${result.data.count === 1 ? "row" : "rows"}.`;
  const warn = !parsed.success || result.isError || result.data?.count === 0;
  const rows = parsed.success ? (result.data?.rows ?? []) : [];
  return (
    <section aria-labelledby="export-preview-title" className="rounded-lg border border-stone-200 bg-white px-4 py-3">
      <h2 id="export-preview-title" className="text-base font-semibold text-stone-900">
        Preview
      </h2>
      <p role="status" aria-live="polite" className={`mt-2 rounded px-3 py-2 text-sm ${warn ? "bg-amber-100 text-amber-950" : "bg-stone-100 text-stone-800"}`}>
        {message}
        {result.data && result.isFetching && <span className="text-stone-500"> Updating…</span>}
      </p>
      {rows.length > 0 && (
        <>
          <p className="mt-3 text-sm text-stone-600">The first {rows.length === 1 ? "row" : `${rows.length} rows`}, as JSON (a CSV or Parquet file has the same fields as columns):</p>
          <ol aria-label="Preview rows" className="mt-2 space-y-2">
            {rows.map((row, i) => (
              <li key={i}>
                <pre className="max-h-72 overflow-auto rounded bg-stone-50 px-3 py-2 font-mono text-xs whitespace-pre-wrap break-words text-stone-900">{JSON.stringify(row, null, 2)}</pre>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
