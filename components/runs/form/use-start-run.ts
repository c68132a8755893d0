"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { refusedMessages } from "@/components/ui/form-errors";
import { postJson } from "@/components/ui/fetch-json";
import type { Problems } from "@/components/ui/use-form-errors";
import type { RunStartPath } from "@/lib/schemas/responses";

// Starting a run from any of the run forms: the request is posted to the kind's API, a started run
// opens its page, and a refusal's messages go beside the fields they name (`byField` sorts the
// answer's fields by the form's own), the rest above the button.

export function useStartRun<Fields extends object>(url: RunStartPath, byField: (error: Error) => Problems<Fields>, show: (problems: Problems<Fields>) => void) {
  const router = useRouter();
  return useMutation({
    mutationFn: (request: unknown) => postJson(url, request),
    onSuccess: ({ runId }) => router.push(`/runs/${runId}`),
    onError: (error) => {
      const refused = byField(error);
      show({ fields: refused.fields, other: refusedMessages(refused, "run") });
    },
  });
}
