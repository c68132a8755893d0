"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { postJson } from "@/components/ui/fetch-json";
import { Button } from "@/components/ui/button";
import { exportRunsKey } from "./use-export-run";

/** Starts a run of the saved export: the run appears at the top of the runs list and shows its progress. */
export function RunExportButton({ exportId }: { exportId: number }) {
  const queryClient = useQueryClient();
  const start = useMutation({
    mutationFn: () => postJson(`/api/exports/${exportId}/runs`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: exportRunsKey(exportId) }),
  });
  return (
    <div className="flex items-center gap-2">
      {start.isError && (
        <p role="alert" className="text-sm text-red-800">
          {start.error.message}
        </p>
      )}
      <Button onClick={() => start.mutate()} disabled={start.isPending}>
        {start.isPending ? "Starting…" : "Run export"}
      </Button>
    </div>
  );
}
