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

/** A query paged by cursors both ways: `before` reads older rows, `after` newer ones. */
interface CursorQuery {
  before?: number;
  after?: number;
}

/**
 * Newest, Previous and Next for a list whose pages carry both cursors (the prompts and comparisons
 * browsers): Previous continues above the first id shown, Next below the last. `hideAlone` hides
 * the buttons when everything fits on the first page.
 */
export function CursorPager<Q extends CursorQuery>({
  query,
  page,
  onChange,
  hideAlone = false,
}: {
  query: Q;
  page: { nextBefore?: number; prevAfter?: number };
  onChange: (next: Q) => void;
  hideAlone?: boolean;
}) {
  const onFirstPage = query.before === undefined && query.after === undefined;
  if (hideAlone && onFirstPage && page.nextBefore === undefined) return null;
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
