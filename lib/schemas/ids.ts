import { z } from "zod";

/** A row id as it arrives in a URL, a form or JSON: a positive Postgres integer. */
export const id = z.coerce.number().int().positive().max(2_147_483_647);

/** The numeric id in a page's path (/prompts/42), or undefined when it is not one. */
export function parseRouteId(value: string): number | undefined {
  const parsed = id.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
