"use client";

import { useQuery } from "@tanstack/react-query";
import type { RunProgress } from "@/lib/schemas/runs";
import { fetchJson } from "@/components/ui/fetch-json";
import { isActive, PROGRESS_POLL_MS } from "./run-status";

/**
 * A run's live progress. Every part of the run page that shows it (the status, the controls, the
 * bar, the errors) reads this one query, so one request every 1.5 s feeds them all, and polling
 * stops by itself once the run is paused, cancelled or finished.
 */
export function useRunProgress(initial: RunProgress) {
  return useQuery({
    queryKey: runProgressKey(initial.id),
    queryFn: () => fetchJson(`/api/runs/${initial.id}`),
    initialData: initial,
    // what the server page rendered may already be old when the page is opened from history
    staleTime: 0,
    refetchInterval: (query) => (query.state.data && isActive(query.state.data.status) ? PROGRESS_POLL_MS : false),
  });
}

export const runProgressKey = (runId: number) => ["run", runId] as const;
export const runItemsKey = (runId: number) => ["run-items", runId] as const;
