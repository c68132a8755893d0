import "server-only";
import type { parseArgs, ParseArgsConfig } from "node:util";
import type { z } from "zod";
import type { RunConfigOf, RunKind } from "@/lib/schemas/run-config";
import type { PreparedRun } from "../start";
import type { ClaimedItem } from "../worker/claims";
import type { ItemDeps, ItemOutcome } from "../worker/item-deps";
import type { VersionTextsCache } from "../worker/version-texts";

// What a kind of run is, in one place: how it is asked for (request schema, shared with its browser
// form), what it records (config schema), how it starts (create: the Run row, its items and their
// jobs), how a worker does one item (processItem), and how the CLI starts one. One file per kind
// next to this one; registry.ts collects them for the routes, the CLI and the worker.

/** What a kind's processItem gets from the worker: the calls, the claim, and the version texts cache. */
export interface KindItemDeps extends ItemDeps {
  versions: VersionTextsCache;
}

/** Flag readers the CLI lends a kind: each throws the CLI's usage error on a bad value. */
export interface CliFlags {
  number(value: string | undefined, flag: string): number | undefined;
  promptFormat(value: string | undefined): "chat" | "raw";
  samplingParams(values: { temperature?: string; "top-p"?: string; "max-tokens"?: string }): Record<string, number | undefined>;
  usage(message: string): never;
}

export type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig["options"]>;

/** The values parseArgs reads for these options. */
export type CliValues<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>>["values"];

export interface RunKindDefinition<K extends RunKind = RunKind, Request = never, O extends ParseArgsOptionsConfig = ParseArgsOptionsConfig, FormOptions = unknown> {
  kind: K;
  /** how the studio names a run of this kind: "SL-CAI run" */
  label: string;
  /** the run page's note on what cancelling keeps, when the usual one does not say it */
  cancelNote?: string;
  requestSchema: z.ZodType<Request, unknown>;
  configSchema: z.ZodType<RunConfigOf<K>, unknown>;
  /** the endpoint a worker calls for an item: a model that writes text, or a SCORER endpoint */
  calls: "model" | "scorer";
  /** what the kind's browser form offers (datasets, endpoints, versions, ...): its page reads them here */
  formOptions(): Promise<FormOptions>;
  /**
   * checks the request against what exists and settles the run's config and items, writing nothing:
   * what create starts, and what an experiment checks before it writes and starts in its own transaction
   */
  prepare(request: Request): Promise<PreparedRun>;
  /** prepares the run and starts it (runs/start.ts) */
  create(request: Request, userId?: string): Promise<{ runId: number; items: number }>;
  processItem(item: Extract<ClaimedItem, { kind: K }>, deps: KindItemDeps): Promise<ItemOutcome>;
  /** `npm run cai -- run <command> ...` */
  cli: {
    command: string;
    options: O;
    /** false for runs with no constitution */
    constitution: boolean;
    /** the request, without the ids the dataset, endpoint and constitution names resolve to */
    settings(values: CliValues<O>, flags: CliFlags): Record<string, unknown>;
    /** the line that says what started */
    started(runId: number, items: number, request: Request): string;
  };
}

type ItemColumn = "promptId" | "comparisonId" | "constitutionVersionId";

/**
 * The item, checked to have the columns its kind always sets (its prompt or its pair, its
 * constitution version), and typed so.
 */
export function itemWith<I extends ClaimedItem, C extends ItemColumn>(item: I, columns: C[]): I & { [P in C]: number } {
  for (const column of columns) if (item[column] === null) throw new Error(`run item ${item.id}: a ${item.kind} item without ${column}`);
  return item as I & { [P in C]: number };
}

/** Infers a kind's request, CLI options and form options types from its definition. */
export function defineRunKind<K extends RunKind, Request, O extends ParseArgsOptionsConfig, FormOptions>(definition: RunKindDefinition<K, Request, O, FormOptions>) {
  return definition;
}

/** The options every `run <kind>` command that calls a model takes. */
export const COMMON_CLI_OPTIONS = {
  dataset: { type: "string" },
  endpoint: { type: "string" },
  constitution: { type: "string" },
  "constitution-version": { type: "string" },
  name: { type: "string" },
  format: { type: "string" },
  temperature: { type: "string" },
  "top-p": { type: "string" },
  "max-tokens": { type: "string" },
  concurrency: { type: "string" },
  limit: { type: "string" },
  wait: { type: "boolean", default: false },
  work: { type: "boolean", default: false },
} as const;
