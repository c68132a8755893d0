"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { keyPress, reviewKeyAction } from "./review-keys";

/** The item before and after this one in the list the reviewer walks, by link and by j / k. */
export function ReviewNav({ previousHref, nextHref }: { previousHref: string | null; nextHref: string | null }) {
  const router = useRouter();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const action = reviewKeyAction(keyPress(event));
      const href = action?.kind === "next" ? nextHref : action?.kind === "previous" ? previousHref : null;
      if (href === null) return;
      event.preventDefault();
      router.push(href);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router, previousHref, nextHref]);
  return (
    <nav aria-label="Queue items" className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
      {previousHref ? <Link href={previousHref} rel="prev">← Previous item (k)</Link> : <span className="text-stone-500">← Previous item (k)</span>}
      {nextHref ? <Link href={nextHref} rel="next">Next item (j) →</Link> : <span className="text-stone-500">Next item (j) →</span>}
    </nav>
  );
}
