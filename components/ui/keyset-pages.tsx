"use client";

import { useState } from "react";
import { Button } from "./button";

// Paging a list by keyset cursors: the API answers a page and the cursor of the next one; the
// list keeps the cursors of the pages seen so far, so it can go back as well as on.

export interface KeysetPages<C> {
  cursor: C | undefined;
  isFirst: boolean;
  back: () => void;
  next: (cursor: C | undefined) => void;
  reset: () => void;
}

/**
 * Keyset paging: the cursors of the pages seen so far (the first page has none), so a list can
 * go back as well as on. `cursor` is the current page's; `next` goes on to a page's next cursor.
 */
export function useKeysetPages<C>(): KeysetPages<C> {
  const [cursors, setCursors] = useState<(C | undefined)[]>([undefined]);
  return {
    cursor: cursors.at(-1),
    isFirst: cursors.length === 1,
    back: () => setCursors((list) => list.slice(0, -1)),
    next: (cursor) => setCursors((list) => [...list, cursor]),
    reset: () => setCursors([undefined]),
  };
}

/** Back and on buttons under a keyset-paged table; shown only when there is more than one page. */
export function PageButtons<C>({ pages, nextCursor, label, words }: { pages: KeysetPages<C>; nextCursor: C | undefined; label: string; words: [back: string, on: string] }) {
  if (pages.isFirst && nextCursor === undefined) return null;
  return (
    <nav aria-label={label} className="flex gap-2">
      <Button variant="secondary" disabled={pages.isFirst} onClick={pages.back}>
        {words[0]}
      </Button>
      <Button variant="secondary" disabled={nextCursor === undefined} onClick={() => pages.next(nextCursor)}>
        {words[1]}
      </Button>
    </nav>
  );
}
