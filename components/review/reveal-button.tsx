"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { postJson } from "@/components/ui/fetch-json";
import { Button } from "@/components/ui/button";

/**
 * Asks for the AI's judgment in a blind queue. The server records the reveal before it sends the
 * judgment, and an answer given after it is stored as having seen it, whatever the browser says.
 */
export function RevealButton({ queueId, comparisonId, walk }: { queueId: number; comparisonId: number; walk: string }) {
  const router = useRouter();
  const reveal = useMutation({
    mutationFn: () => postJson(`/api/review/queues/${queueId}/items/${comparisonId}/reveal${walk ? `?${walk}` : ""}`, {}),
    onSuccess: () => router.refresh(),
  });
  return (
    <>
      <Button variant="secondary" onClick={() => reveal.mutate()} disabled={reveal.isPending}>
        Show AI judgment
      </Button>
      {reveal.isError && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-red-900">
          The AI&apos;s judgment could not be shown: {reveal.error.message}
        </p>
      )}
    </>
  );
}
