import { SCORE_SOURCES } from "@/lib/schemas/charts";

// A score's source as the pages write it, and the choices of a chart's "Score source" filter.

/** "imported", "endpoint", "bradley-terry", "elo". */
export function scoreSourceName(source: string): string {
  return source.toLowerCase().replace("_", "-");
}

/** Any source, or one of them. */
export const SCORE_SOURCE_CHOICES = [{ value: "", label: "Any source" }, ...SCORE_SOURCES.map((s) => ({ value: s, label: scoreSourceName(s) }))];
