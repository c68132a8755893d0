"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

const NEXT_KEYS = new Set(["j", "ArrowRight"]);
const PREVIOUS_KEYS = new Set(["k", "ArrowLeft"]);

/**
 * Previous / next chain, by link and by key (j or → for the next, k or ← for the previous), for
 * reading a run's chains one after another. Keys typed into a field, with a modifier (browser
 * shortcuts), or arrows inside a region that scrolls sideways with them are left alone.
 */
export function ChainNav({ previousId, nextId, scope }: { previousId: number | null; nextId: number | null; scope: string }) {
  const router = useRouter();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])")) return;
      if (event.key.startsWith("Arrow") && target?.closest("[data-own-arrow-keys]")) return;
      const id = NEXT_KEYS.has(event.key) ? nextId : PREVIOUS_KEYS.has(event.key) ? previousId : null;
      if (id === null) return;
      event.preventDefault();
      router.push(`/chains/${id}`);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router, previousId, nextId]);

  return (
    <nav aria-label="Chains" className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
      {previousId !== null ? (
        <Link href={`/chains/${previousId}`} rel="prev">← Previous chain</Link>
      ) : (
        <span className="text-stone-400">← Previous chain</span>
      )}
      {nextId !== null ? (
        <Link href={`/chains/${nextId}`} rel="next">Next chain →</Link>
      ) : (
        <span className="text-stone-400">Next chain →</span>
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
