import "server-only";
import { DEFAULT_IMPORT_LIMITS, type ImportLimits, LIMIT_VARIABLES } from "@/lib/formats/limits";

// The import limits of this studio: each from its environment variable (MB or a count, see
// lib/formats/limits.ts), else its default. A value that is not a positive number is ignored with a
// warning, so a typo never turns a limit off.

export function importLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): ImportLimits {
  const limits = { ...DEFAULT_IMPORT_LIMITS };
  for (const [key, { name, unit }] of Object.entries(LIMIT_VARIABLES) as [keyof ImportLimits, (typeof LIMIT_VARIABLES)[keyof ImportLimits]][]) {
    const raw = env[name];
    if (raw === undefined || raw === "") continue;
    const value = Number(raw);
    if (!(value > 0)) {
      console.warn(`${name}=${raw} is not a positive number; the default is used`);
      continue;
    }
    limits[key] = unit === "MB" ? Math.round(value * 1024 * 1024) : Math.floor(value);
  }
  return limits;
}
