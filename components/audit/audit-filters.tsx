import { Button } from "@/components/ui/button";
import type { AuditQuery } from "@/lib/server/audit/list";

// A plain GET form: the filters live in the URL, so a filtered trail is a link to share.
export function AuditFilters({ query, options }: { query: AuditQuery; options: { actions: string[]; entityTypes: string[]; people: { who: string; value: string }[] } }) {
  const field = "mt-1 block w-full rounded border border-stone-300 bg-white px-2 py-1.5";
  return (
    <form method="get" className="mb-6 grid gap-3 rounded-lg border border-stone-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5" aria-label="Filter the audit trail">
      <label className="text-sm font-medium text-stone-800">
        Person
        <select name="who" defaultValue={query.who ?? ""} className={field}>
          <option value="">Anyone</option>
          {options.people.map((p) => (
            <option key={p.value} value={p.value}>
              {p.who}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium text-stone-800">
        Action
        <select name="action" defaultValue={query.action ?? ""} className={field}>
          <option value="">Any action</option>
          {[...new Set(options.actions.map((a) => `${a.split(".")[0]}.`))].map((prefix) => (
            <option key={prefix} value={prefix}>
              {prefix}*
            </option>
          ))}
          {options.actions.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium text-stone-800">
        Item kind
        <select name="entityType" defaultValue={query.entityType ?? ""} className={field}>
          <option value="">Any kind</option>
          {options.entityTypes.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium text-stone-800">
        Item id
        <input name="entityId" defaultValue={query.entityId ?? ""} className={field} placeholder="e.g. 42" />
      </label>
      <div className="flex items-end gap-2">
        <Button type="submit">Filter</Button>
        <a href="/audit" className="px-2 py-1.5 text-sm">
          Clear
        </a>
      </div>
    </form>
  );
}
