"use client";

import { Button } from "@/components/ui/button";
import type { PromptListQuery, PromptPage } from "@/lib/schemas/prompts";

/** Keyset paging: "Older" continues below the last id shown, "Newer" above the first. */
export function PromptsPager({ query, page, onChange }: { query: PromptListQuery; page: PromptPage; onChange: (next: PromptListQuery) => void }) {
  const onFirstPage = query.before === undefined && query.after === undefined;
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center gap-2">
      <Button variant="secondary" disabled={onFirstPage} onClick={() => onChange({ ...query, before: undefined, after: undefined })}>
        Newest
      </Button>
      <Button variant="secondary" disabled={page.prevAfter === undefined} onClick={() => onChange({ ...query, before: undefined, after: page.prevAfter })}>
        Previous
      </Button>
      <Button variant="secondary" disabled={page.nextBefore === undefined} onClick={() => onChange({ ...query, after: undefined, before: page.nextBefore })}>
        Next
      </Button>
    </nav>
  );
}
