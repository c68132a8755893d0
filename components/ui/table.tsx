import type { ReactNode } from "react";

// The studio's one list table: a bordered box that scrolls sideways on a narrow screen, a grey
// header row, and rows that start at the top. A list names its columns and renders its rows with
// Row, RowHeader (the cell that names the row) and Cell. Paging is in ./keyset-pages.tsx.

export interface Column {
  header: ReactNode;
  /** Extra classes of the header cell: a width, "text-right" for numbers. */
  className?: string;
}

/**
 * `caption` is read by screen readers only; `label` names the table instead (aria-label) where
 * the page already says what it is. The children are the rows.
 */
export function Table({ columns, caption, label, children }: { columns: Column[]; caption?: string; label?: string; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
      <table className="w-full text-sm" aria-label={label}>
        {caption && <caption className="sr-only">{caption}</caption>}
        <TableHead columns={columns} />
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function TableHead({ columns }: { columns: Column[] }) {
  return (
    <thead className="bg-stone-100 text-left text-stone-600">
      <tr>
        {columns.map((column, index) => (
          <th key={index} scope="col" className={join("px-3 py-2 font-medium", column.className)}>
            {column.header}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export function Row({ children }: { children: ReactNode }) {
  return <tr className="border-t border-stone-100 align-top">{children}</tr>;
}

/** The cell that names its row (a run, an export): a row header, for screen readers too. */
export function RowHeader({ className, children }: { className?: string; children: ReactNode }) {
  return (
    <th scope="row" className={join("px-3 py-2 text-left font-medium", className)}>
      {children}
    </th>
  );
}

export function Cell({ className, children }: { className?: string; children?: ReactNode }) {
  return <td className={join("px-3 py-2", className)}>{children}</td>;
}

function join(base: string, extra: string | undefined): string {
  return extra ? `${base} ${extra}` : base;
}
