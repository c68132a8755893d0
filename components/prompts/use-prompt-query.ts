"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { promptListQuerySchema, promptListSearchParams, type PromptListQuery } from "@/lib/schemas/prompts";

/**
 * The prompts table's query lives in the URL, so every view is a link. Changing it pushes a history
 * entry (Next keeps useSearchParams in step with pushState) without asking the server for the page
 * again: React Query fetches the rows from /api/prompts.
 */
export function usePromptQuery(): [PromptListQuery, string, (next: PromptListQuery) => void] {
  const searchParams = useSearchParams();
  const query = useMemo(() => {
    const parsed = promptListQuerySchema.safeParse(Object.fromEntries(searchParams));
    return parsed.success ? parsed.data : {};
  }, [searchParams]);
  const key = promptListSearchParams(query).toString();
  const setQuery = useCallback((next: PromptListQuery) => {
    const params = promptListSearchParams(next).toString();
    window.history.pushState(null, "", params ? `/prompts?${params}` : "/prompts");
  }, []);
  return [query, key, setQuery];
}
