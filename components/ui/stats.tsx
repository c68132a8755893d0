/** A row of labelled numbers, e.g. the counts of an import. */
export function Stats({ items, label }: { items: { label: string; value: number | string }[]; label?: string }) {
  return (
    <dl aria-label={label} className="grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-3 lg:grid-cols-4">
      {items.map((item) => (
        <div key={item.label}>
          <dt className="text-xs text-stone-500">{item.label}</dt>
          <dd className="text-lg font-semibold text-stone-900 tabular-nums">{typeof item.value === "number" ? item.value.toLocaleString("en-US") : item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
