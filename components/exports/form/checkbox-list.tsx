import type { ReactNode } from "react";
import { describedBy, FieldError } from "@/components/ui/form-fields";

// A labelled group of checkboxes in a box that scrolls, for picking several of a list (datasets,
// runs, principle keys). Nothing ticked means "any", said in the hint.

export function CheckboxList({
  id,
  legend,
  hint,
  error,
  options,
  selected,
  onChange,
  empty,
}: {
  id: string;
  legend: string;
  hint?: ReactNode;
  error?: string;
  options: { value: string; label: ReactNode }[];
  selected: string[];
  onChange: (selected: string[]) => void;
  /** said instead of the list when there is nothing to pick */
  empty: ReactNode;
}) {
  const toggle = (value: string, on: boolean) => onChange(on ? [...selected, value] : selected.filter((v) => v !== value));
  return (
    <fieldset aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? true : undefined}>
      <legend className="font-medium text-stone-900">
        {legend}
        {selected.length > 0 && <span className="ml-2 text-sm font-normal text-stone-600">({selected.length} chosen)</span>}
      </legend>
      {options.length === 0 ? (
        <p className="mt-1 text-sm text-stone-600">{empty}</p>
      ) : (
        <ul className="mt-1 max-h-48 space-y-1 overflow-y-auto rounded-md border border-stone-300 bg-white px-3 py-2">
          {options.map((option) => (
            <li key={option.value} className="flex items-start gap-2">
              <input
                id={`${id}-${option.value}`}
                type="checkbox"
                checked={selected.includes(option.value)}
                onChange={(event) => toggle(option.value, event.target.checked)}
                className="mt-1 size-4 accent-blue-800"
              />
              <label htmlFor={`${id}-${option.value}`} className="text-stone-900">
                {option.label}
              </label>
            </li>
          ))}
        </ul>
      )}
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-sm text-stone-600">
          {hint}
        </p>
      )}
      <FieldError id={id} error={error} />
    </fieldset>
  );
}
