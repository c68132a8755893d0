import "server-only";
import type { RunKind } from "@/lib/schemas/run-config";
import type { ClaimedItem } from "../worker/claims";
import type { ItemOutcome } from "../worker/item-deps";
import type { KindItemDeps, ParseArgsOptionsConfig, RunKindDefinition } from "./definition";
import { labelRun } from "./label";
import { sampleRun } from "./sample";
import { scoreRun } from "./score";
import { slRun } from "./sl";

// Every kind of run the studio has, by the Run row's kind. The routes, the CLI and the worker read
// this instead of switching on the kind: a new kind is a file next to this one and a line here.

export const runKinds = {
  SL_CAI: slRun,
  SAMPLE: sampleRun,
  LABEL: labelRun,
  SCORE: scoreRun,
} satisfies { [K in RunKind]: AnyRunKind & { kind: K } };

/** Any kind, seen through the shape they all share (what code that handles every kind reads). */
export type AnyRunKind = RunKindDefinition<RunKind, unknown, ParseArgsOptionsConfig, unknown>;

/** The kind whose CLI command this is (`run sl`, `run label`, ...). */
export function runKindByCommand(command: string): AnyRunKind | undefined {
  return Object.values(runKinds).find((kind) => kind.cli.command === command);
}

/** Works on a claimed item with its kind's processItem. */
export function processItem(item: ClaimedItem, deps: KindItemDeps): Promise<ItemOutcome> {
  // the item's own kind's definition: its processItem gets an item of that kind
  const kind: AnyRunKind = runKinds[item.kind];
  return kind.processItem(item, deps);
}
