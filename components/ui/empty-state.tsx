import type { ReactNode } from "react";

/** What a page will hold, and what to do now, when it has nothing to show yet. */
export function EmptyState({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <section className="max-w-2xl rounded-lg border border-dashed border-stone-300 bg-white px-6 py-8">
      <h2 className="text-lg font-semibold text-stone-900">{title}</h2>
      <div className="mt-2 space-y-2 text-stone-700">{children}</div>
      {action && <div className="mt-4">{action}</div>}
    </section>
  );
}
