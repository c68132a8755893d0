"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { RunProgress } from "@/lib/schemas/runs";
import { postJson } from "@/components/ui/fetch-json";
import { RunStatusBadge } from "@/components/runs/run-status-badge";
import { runItemsKey, runProgressKey, useRunProgress } from "./use-run-progress";
import { useRoleAtLeast } from "@/components/auth/session-user";

type Action = "pause" | "resume" | "cancel" | "retry";

/** The run's status, and only the buttons that make sense in it. Cancelling asks first. */
export function RunControls({ initial, cancelNote = "Prompts not finished yet will not be run. Chains already written stay." }: { initial: RunProgress; cancelNote?: string }) {
  const { data: run } = useRunProgress(initial);
  const queryClient = useQueryClient();
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const action = useMutation({
    mutationFn: (name: Action) => postJson(`/api/runs/${run.id}/${name}`),
    onSettled: () => {
      setConfirmingCancel(false);
      void queryClient.invalidateQueries({ queryKey: runProgressKey(run.id) });
      void queryClient.invalidateQueries({ queryKey: runItemsKey(run.id) });
    },
  });
  const running = run.status === "QUEUED" || run.status === "RUNNING";
  const open = running || run.status === "PAUSED";
  const busy = action.isPending;
  // viewers see the status only; the control routes need a reviewer
  const mayControl = useRoleAtLeast("REVIEWER");

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap items-center justify-end gap-2">
        {/* a live region: a screen reader hears the run pause, finish or fail without looking */}
        <span role="status" className="text-sm text-stone-600">
          Status <RunStatusBadge status={run.status} />
        </span>
        {mayControl && running && (
          <Button variant="secondary" disabled={busy} onClick={() => action.mutate("pause")}>
            Pause
          </Button>
        )}
        {mayControl && run.status === "PAUSED" && (
          <Button disabled={busy} onClick={() => action.mutate("resume")}>
            Resume
          </Button>
        )}
        {mayControl && run.failed > 0 && run.status !== "CANCELLED" && (
          <Button variant="secondary" disabled={busy} onClick={() => action.mutate("retry")}>
            Retry failed items ({run.failed})
          </Button>
        )}
        {mayControl && open && !confirmingCancel && (
          <Button variant="secondary" disabled={busy} onClick={() => setConfirmingCancel(true)}>
            Cancel run
          </Button>
        )}
      </div>
      {open && confirmingCancel && (
        <div role="group" aria-label="Confirm cancel" className="max-w-md rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-950">
          <p>Cancel this run? {cancelNote}</p>
          <div className="mt-2 flex gap-2">
            <Button className="bg-red-800 hover:bg-red-900" disabled={busy} onClick={() => action.mutate("cancel")}>
              Yes, cancel the run
            </Button>
            <Button variant="secondary" disabled={busy} onClick={() => setConfirmingCancel(false)}>
              Keep it
            </Button>
          </div>
        </div>
      )}
      {action.isError && (
        <p role="alert" className="max-w-md rounded bg-red-50 px-3 py-2 text-sm text-red-900">
          {action.error.message}
        </p>
      )}
    </div>
  );
}
