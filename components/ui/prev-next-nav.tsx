"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

const NEXT_KEYS = new Set(["j", "ArrowRight"]);
const PREVIOUS_KEYS = new Set(["k", "ArrowLeft"]);

/**
 * Previous / next item (a chain of a run, a comparison of a labeling run, an item of a review queue), by link and by key:
 * j or → for the next, k or ← for the previous. Keys typed into a field, with a modifier (browser
 * shortcuts), or arrows inside a region that scrolls sideways with them are left alone.
 */
export function PrevNextNav({ previousHref, nextHref, scope, noun }: { previousHref: string | null; nextHref: string | null; scope: string; noun: "chain" | "comparison" | "item" }) {
  const router = useRouter();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])")) return;
      if (event.key.startsWith("Arrow") && target?.closest("[data-own-arrow-keys]")) return;
      const href = NEXT_KEYS.has(event.key) ? nextHref : PREVIOUS_KEYS.has(event.key) ? previousHref : null;
      if (href === null) return;
      event.preventDefault();
      router.push(href);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router, previousHref, nextHref]);

  return (
    <nav aria-label={`${noun[0].toUpperCase()}${noun.slice(1)}s`} className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
      {previousHref !== null ? (
        <Link href={previousHref} rel="prev">
          ← Previous {noun}
        </Link>
      ) : (
        <span className="text-stone-400">← Previous {noun}</span>
      )}
      {nextHref !== null ? (
        <Link href={nextHref} rel="next">
          Next {noun} →
        </Link>
      ) : (
        <span className="text-stone-400">Next {noun} →</span>
      )}
      <span className="text-stone-500">
        {scope} · keys <Kbd>j</Kbd>/<Kbd>→</Kbd> next, <Kbd>k</Kbd>/<Kbd>←</Kbd> previous
      </span>
    </nav>
  );
}

function Kbd({ children }: { children: string }) {
  return <kbd className="rounded border border-stone-300 bg-white px-1 font-mono text-xs text-stone-800">{children}</kbd>;
}
