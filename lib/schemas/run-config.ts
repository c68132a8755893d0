import { z } from "zod";
import { labelRunConfigSchema, sampleRunConfigSchema } from "./labels";
import { slRunConfigSchema } from "./runs";
import { scoreRunConfigSchema } from "./scores";

// What a Run row's `config` holds, by the row's `kind` (the JSON itself does not name its kind):
// every read of stored settings parses them here instead of casting the JSON.

const CONFIG_SCHEMAS = {
  SL_CAI: slRunConfigSchema,
  SAMPLE: sampleRunConfigSchema,
  LABEL: labelRunConfigSchema,
  SCORE: scoreRunConfigSchema,
};

export const runConfigSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("SL_CAI"), config: CONFIG_SCHEMAS.SL_CAI }),
  z.object({ kind: z.literal("SAMPLE"), config: CONFIG_SCHEMAS.SAMPLE }),
  z.object({ kind: z.literal("LABEL"), config: CONFIG_SCHEMAS.LABEL }),
  z.object({ kind: z.literal("SCORE"), config: CONFIG_SCHEMAS.SCORE }),
]);
export type KindedRunConfig = z.infer<typeof runConfigSchema>;
export type RunKind = KindedRunConfig["kind"];
/** The stored settings of a run of kind K. */
export type RunConfigOf<K extends RunKind> = Extract<KindedRunConfig, { kind: K }>["config"];

/** A Run row's kind and stored config, parsed; throws (naming the run) when the JSON does not fit its kind. */
export function parseRunConfig<K extends string>(run: { id?: number; kind: K; config: unknown }): KindedRunConfig {
  const parsed = runConfigSchema.safeParse({ kind: run.kind, config: run.config });
  if (!parsed.success) throw new Error(`run ${run.id ?? "?"} (${run.kind}): its stored config does not parse: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * The fields of a stored config that are there and well-formed, each parsed by its kind's schema,
 * the others left out: for views that show whatever a run recorded, since rows written by tests,
 * the bench or hand may record only some settings (`{chainOfThought: true}`).
 */
export function recordedFields<K extends RunKind>(kind: K, config: unknown): Partial<RunConfigOf<K>> {
  const record = typeof config === "object" && config !== null && !Array.isArray(config) ? (config as Record<string, unknown>) : {};
  const fields: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(CONFIG_SCHEMAS[kind].shape)) {
    if (record[key] === undefined) continue;
    const parsed = (schema as z.ZodType).safeParse(record[key]);
    if (parsed.success) fields[key] = parsed.data;
  }
  return fields as Partial<RunConfigOf<K>>;
}
