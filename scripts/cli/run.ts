import { parseArgs, type ParseArgsConfig } from "node:util";
import type { CliFlags } from "@/lib/server/runs/kinds/definition";
import type { AnyRunKind } from "@/lib/server/runs/kinds/registry";
import { openCommandDatabase } from "./database";
import { describeRun, startRunCommand } from "./start-run";
import { EXIT, UsageError } from "./usage";

// `npm run cai -- run ...`: start a run of any kind (lib/server/runs/kinds) and follow it, or look
// at and steer one.
//   run sl|label|sample|score --dataset D --endpoint E [--constitution C] [options] [--wait | --work]
//   run status|pause|resume|cancel|retry ID
// The model calls are made by workers (`npm start` runs one, `npm run worker` adds more); --work
// runs one in this process until the run ends, for a machine with no studio running.

const CONTROLS = ["status", "pause", "resume", "cancel", "retry"] as const;
type Control = (typeof CONTROLS)[number];

export async function runCommand(argv: string[], root: string): Promise<number> {
  const [sub, ...rest] = argv;
  if ((CONTROLS as readonly string[]).includes(sub)) return control(sub as Control, rest, root);
  // loads no database: the server modules connect on first use
  const { runKindByCommand } = await import("@/lib/server/runs/kinds/registry");
  const kind = sub === undefined ? undefined : runKindByCommand(sub);
  if (kind) return startKind(kind, rest, root);
  throw new UsageError(sub ? `unknown run command "${sub}"` : "say what to do: run sl|label|sample|score ..., or run status|pause|resume|cancel|retry ID");
}

type Options = NonNullable<ParseArgsConfig["options"]>;

function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Sampling parameters given on the command line, left out when not given. */
function samplingParams(values: { temperature?: string; "top-p"?: string; "max-tokens"?: string }) {
  const params = { temperature: number(values.temperature, "temperature"), topP: number(values["top-p"], "top-p"), maxTokens: number(values["max-tokens"], "max-tokens") };
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}

function promptFormat(value: string | undefined): "chat" | "raw" {
  const format = value ?? "chat";
  if (format !== "chat" && format !== "raw") throw new UsageError(`--format is chat or raw, not "${format}"`);
  return format;
}

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new UsageError(`--${flag} must be a number, not "${value}"`);
  return parsed;
}

const flags: CliFlags = {
  number,
  promptFormat,
  samplingParams,
  usage: (message) => {
    throw new UsageError(message);
  },
};

/** `run <kind> ...`: the kind's flags read into its request (runs/kinds), then started as every kind is. */
async function startKind(kind: AnyRunKind, args: string[], root: string): Promise<number> {
  const { cli } = kind;
  const values = parse(args, cli.options);
  return startRunCommand(root, values, {
    schema: kind.requestSchema,
    settings: cli.settings(values, flags),
    constitution: cli.constitution,
    create: (request) => kind.create(request),
    started: (runId, items, request) => cli.started(runId, items, request),
  });
}

async function control(action: Control, args: string[], root: string): Promise<number> {
  if (args.length !== 1 || !/^\d+$/.test(args[0])) throw new UsageError(`run ${action} takes one run id`);
  const runId = Number(args[0]);
  const database = await openCommandDatabase(root);
  process.env.DATABASE_URL = database.url;
  const { UserError } = await import("@/lib/server/errors");
  const controls = await import("@/lib/server/runs/control");
  const { runProgress } = await import("@/lib/server/runs/progress");
  try {
    const act = { pause: controls.pauseRun, resume: controls.resumeRun, cancel: controls.cancelRun, retry: controls.retryFailedItems, status: async () => {} }[action];
    await act(runId);
    console.log(describeRun(await runProgress(runId)));
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    console.error(`run ${action} ${runId}: ${error.message}`);
    return EXIT.failed;
  } finally {
    const { pgPool } = await import("@/lib/server/pg");
    await pgPool().end();
    await database.close();
  }
}
