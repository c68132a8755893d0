"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { QueueFormOptions } from "@/lib/server/review/options";
import { NewQueueForm } from "./new-queue-form";

/** The "New queue" button and, once pressed, the form (open from the start when asked for by a link). */
export function NewQueuePanel({ options, defaults, open: initiallyOpen }: { options: QueueFormOptions; defaults: { labelRunId?: number; datasetId?: number }; open: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  if (options.labelRuns.length === 0 && options.datasets.length === 0) return null;
  return (
    <section aria-label="New queue" className="mb-8">
      {open ? (
        <>
          <div className="mb-3 flex items-baseline justify-between gap-4">
            <h2 className="text-lg font-semibold text-stone-900">New queue</h2>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Close
            </Button>
          </div>
          <NewQueueForm options={options} defaults={defaults} />
        </>
      ) : (
        <Button onClick={() => setOpen(true)} aria-expanded={false}>
          New queue
        </Button>
      )}
    </section>
  );
}
