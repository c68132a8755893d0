import type { LineProblemView } from "@/lib/schemas/import";

/** Lines an import skipped or noticed, each with its line number (and field, when known). */
export function ProblemList({ title, count, items }: { title: string; count: number; items: LineProblemView[] }) {
  if (count === 0) return null;
  return (
    <section className="mt-4">
      <h3 className="font-semibold text-stone-900">
        {title} ({count.toLocaleString("en-US")})
      </h3>
      <ul className="mt-1 max-h-72 space-y-0.5 overflow-y-auto text-sm">
        {items.map((item, i) => (
          <li key={`${item.line}-${i}`} className="whitespace-pre-wrap break-words">
            <span className="font-medium">{item.line > 0 ? `line ${item.line}` : "file"}</span>
            {item.field && <span className="text-stone-600"> (field {item.field})</span>}: {item.message}
          </li>
        ))}
      </ul>
      {items.length < count && <p className="mt-1 text-sm text-stone-500">The first {items.length} are shown.</p>}
    </section>
  );
}
