import { useId } from "react";

const INPUT = "mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-stone-900 aria-[invalid=true]:border-red-700";

/** A labelled text box with the message of its field error under it. Texts are kept exactly as typed. */
export function TextField({
  label,
  value,
  onChange,
  error,
  rows,
  mono = false,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  /** a multi-line box of this many rows; a one-line input without it */
  rows?: number;
  mono?: boolean;
}) {
  const id = useId();
  const props = {
    id,
    value,
    "aria-invalid": Boolean(error),
    "aria-describedby": error ? `${id}-error` : undefined,
    className: `${INPUT} ${mono ? "font-mono text-[13px]" : ""}`,
    spellCheck: !mono,
  };
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium text-stone-800">
        {label}
      </label>
      {rows ? <textarea {...props} rows={rows} onChange={(e) => onChange(e.target.value)} /> : <input {...props} onChange={(e) => onChange(e.target.value)} />}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}
