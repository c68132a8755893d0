import { z } from "zod";
import { labelRunConfigSchema, sampleRunConfigSchema } from "./labels";
import { slRunConfigSchema } from "./runs";
import { scoreRunConfigSchema } from "./scores";

// What a Run row's `config` holds, by the row's `kind` (the JSON itself does not name its kind):
// every read of stored settings parses them here instead of casting the JSON.

export const runConfigSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("SL_CAI"), config: slRunConfigSchema }),
  z.object({ kind: z.literal("SAMPLE"), config: sampleRunConfigSchema }),
  z.object({ kind: z.literal("LABEL"), config: labelRunConfigSchema }),
  z.object({ kind: z.literal("SCORE"), config: scoreRunConfigSchema }),
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
