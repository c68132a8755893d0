"use client";

import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import type { PromptListQuery } from "@/lib/schemas/prompts";

const INPUT = "mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-stone-900";

/** Search and filters; any change starts again from the newest prompt (cursors are dropped). */
export function PromptFilters({ query, datasets, onChange }: { query: PromptListQuery; datasets: { id: number; name: string }[]; onChange: (next: PromptListQuery) => void }) {
  const ids = { q: useId(), within: useId(), dataset: useId(), tag: useId() };
  const [q, setQ] = useState(query.q ?? "");
  const [tag, setTag] = useState(query.tag ?? "");
  const base = { ...query, before: undefined, after: undefined };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ ...base, q: q.trim() || undefined, tag: tag.trim() || undefined });
  };

  return (
    <form role="search" onSubmit={submit} className="grid items-end gap-3 rounded-lg border border-stone-200 bg-white p-4 md:grid-cols-[2fr_1fr_1fr_auto]">
      <div>
        <label htmlFor={ids.q} className="text-sm font-medium">
          Search prompts
        </label>
        <input id={ids.q} type="search" value={q} onChange={(event) => setQ(event.target.value)} placeholder="words in the conversations (or their answers too: below)" className={INPUT} />
        <label htmlFor={ids.within} className="sr-only">
          Search in
        </label>
        <select
          id={ids.within}
          value={query.in ?? "prompts"}
          onChange={(event) => onChange({ ...base, q: q.trim() || undefined, in: event.target.value === "all" ? "all" : undefined })}
          className="mt-1 rounded-md border border-stone-300 bg-white px-2 py-1 text-sm text-stone-900"
        >
          <option value="prompts">in prompts</option>
          <option value="all">in prompts, answers, revisions and critiques</option>
        </select>
      </div>
      <div>
        <label htmlFor={ids.dataset} className="text-sm font-medium">
          Dataset
        </label>
        <select
          id={ids.dataset}
          value={query.dataset ?? ""}
          onChange={(event) => onChange({ ...base, dataset: event.target.value ? Number(event.target.value) : undefined })}
          className={INPUT}
        >
          <option value="">All datasets</option>
          {datasets.map((dataset) => (
            <option key={dataset.id} value={dataset.id}>
              {dataset.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={ids.tag} className="text-sm font-medium">
          Tag
        </label>
        <input id={ids.tag} value={tag} onChange={(event) => setTag(event.target.value)} placeholder="exact tag" className={INPUT} />
      </div>
      <Button type="submit">Search</Button>
      <div className="flex flex-wrap gap-5 text-sm md:col-span-4">
        <label className="flex items-center gap-2">
          <input type="checkbox" className="size-4" checked={query.hasChains ?? false} onChange={(event) => onChange({ ...base, hasChains: event.target.checked || undefined })} />
          Has chains
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" className="size-4" checked={query.hasLabels ?? false} onChange={(event) => onChange({ ...base, hasLabels: event.target.checked || undefined })} />
          Has labels
        </label>
      </div>
    </form>
  );
}
