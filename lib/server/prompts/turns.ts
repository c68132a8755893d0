import type { Turn } from "@/lib/formats/records";

/** Turns are written by the importers as [{role, content}]; anything else is shown, not trusted. */
export function readTurns(value: unknown): Turn[] {
  if (!Array.isArray(value)) return [{ role: "user", content: JSON.stringify(value) }];
  return value.map((turn) => {
    const { role, content } = (turn ?? {}) as { role?: unknown; content?: unknown };
    return {
      role: role === "system" || role === "assistant" ? role : "user",
      content: typeof content === "string" ? content : JSON.stringify(content),
    };
  });
}
