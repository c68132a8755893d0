import { z } from "zod";

const routeId = z.coerce.number().int().positive().max(2_147_483_647);

/** The numeric id in a page's path (/prompts/42), or undefined when it is not one. */
export function parseRouteId(value: string): number | undefined {
  const parsed = routeId.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
