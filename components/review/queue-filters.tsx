"use client";

import { useRouter } from "next/navigation";
import { useId } from "react";
import { itemFilterSearchParams, type ItemFilter } from "@/lib/schemas/review";

/** Which of the queue's items to list: the ones still to do or all, and only those I have not answered. */
export function QueueFilters({ queueId, filter }: { queueId: number; filter: ItemFilter }) {
  const id = useId();
  const router = useRouter();
  const go = (next: ItemFilter) => {
    const params = itemFilterSearchParams(next).toString();
    router.push(params ? `/review/${queueId}?${params}` : `/review/${queueId}`);
  };
  return (
    <div role="group" aria-label="Filter the items" className="mb-3 flex flex-wrap items-end gap-x-6 gap-y-2">
      <div>
        <label htmlFor={`${id}-show`} className="text-sm font-medium text-stone-900">
          Show
        </label>
        <select
          id={`${id}-show`}
          value={filter.show}
          onChange={(e) => go({ ...filter, show: e.target.value as ItemFilter["show"] })}
          className="mt-1 block rounded-md border border-stone-300 bg-white px-3 py-2 pr-8 text-stone-900"
        >
          <option value="todo">Items still to do</option>
          <option value="all">All items</option>
        </select>
      </div>
      <label className="flex items-center gap-2 pb-2 text-stone-900">
        <input type="checkbox" checked={filter.unreviewed} onChange={(e) => go({ ...filter, unreviewed: e.target.checked })} className="size-4 accent-blue-800" />
        Not yet reviewed by me
      </label>
    </div>
  );
}
