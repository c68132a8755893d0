import type { ReactNode } from "react";

/** The frame of the pages people see before they are signed in. */
export function AuthCard({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <div className="mx-auto mt-12 max-w-md rounded-lg border border-stone-200 bg-white p-6 shadow-sm">
      <p className="mb-4 text-base font-bold text-stone-950">CAI Studio</p>
      <h1 className="text-xl font-semibold tracking-tight text-stone-950">{title}</h1>
      {description && <div className="mt-1 text-stone-600">{description}</div>}
      <div className="mt-5">{children}</div>
    </div>
  );
}
