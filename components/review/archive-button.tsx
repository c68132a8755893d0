"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { postJson } from "@/components/ui/fetch-json";
import { Button } from "@/components/ui/button";

/** Closes the queue to answers, after a second click to confirm; its items and answers stay readable. */
export function ArchiveButton({ queueId, name }: { queueId: number; name: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const archive = useMutation({ mutationFn: () => postJson(`/api/review/queues/${queueId}/archive`), onSuccess: () => router.refresh() });
  if (!confirming)
    return (
      <Button variant="secondary" onClick={() => setConfirming(true)}>
        Archive queue
      </Button>
    );
  return (
    <div role="group" aria-label="Confirm archiving" className="flex flex-wrap items-center gap-2 text-sm">
      <span className="text-stone-800">Archive &quot;{name}&quot;? It takes no more answers.</span>
      <Button onClick={() => archive.mutate()} disabled={archive.isPending}>
        {archive.isPending ? "Archiving…" : "Yes, archive"}
      </Button>
      <Button variant="secondary" onClick={() => setConfirming(false)}>
        Cancel
      </Button>
      {archive.isError && (
        <span role="alert" className="text-red-800">
          {archive.error.message}
        </span>
      )}
    </div>
  );
}
