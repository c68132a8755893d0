"use client";

import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

// Server errors reach the browser without their message in production (Next strips it); the
// details are in the server log, under the digest shown here.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <EmptyState title="This page could not be shown" action={<Button onClick={reset}>Try again</Button>}>
      <p>Something went wrong on the server. The details are in the server log{error.digest ? ` (digest ${error.digest})` : ""}.</p>
    </EmptyState>
  );
}
