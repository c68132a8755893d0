"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson, postJson } from "@/components/ui/fetch-json";
import { PROGRESS_POLL_MS } from "@/components/runs/run-status";
import type { ExportRunSummary } from "@/lib/server/exports/definitions";
import { isExportActive } from "./export-run-status";

/**
 * An export run's live state, polled like a run's progress: every 1.5 s while it is queued or
 * writing, then no more (a finished run no longer changes).
 */
export function useExportRun(initial: ExportRunSummary) {
  return useQuery({
    queryKey: exportRunKey(initial.id),
    queryFn: () => fetchJson(`/api/export-runs/${initial.id}`),
    initialData: initial,
    staleTime: 0,
    refetchInterval: (query) => (query.state.data && isExportActive(query.state.data.status) ? PROGRESS_POLL_MS : false),
  });
}

/** Cancels the run; the card shows the cancelled run the server answers with at once. */
export function useCancelExportRun(exportRunId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => postJson(`/api/export-runs/${exportRunId}/cancel`),
    onSuccess: (run) => queryClient.setQueryData(exportRunKey(exportRunId), run),
  });
}

const exportRunKey = (exportRunId: number) => ["export-run", exportRunId] as const;
export const exportRunsKey = (exportId: number) => ["export-runs", exportId] as const;
