import type { ReactNode } from "react";

export function Section({ title, id, children, actions }: { title: ReactNode; id?: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section id={id} aria-labelledby={id ? `${id}-title` : undefined} className="mb-8">
      <div className="mb-3 flex items-baseline justify-between gap-4">
        <h2 id={id ? `${id}-title` : undefined} className="text-lg font-semibold text-stone-900">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

export function Card({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <div className={`rounded-lg border border-stone-200 bg-white p-4 ${className}`}>{children}</div>;
}
