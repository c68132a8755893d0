import { parseArgs } from "node:util";
import { DEFAULT_FAILURE_KINDS, startFakeLlmServer } from "./server";
import type { FailureKind, FailureSpec } from "./types";

// The fake provider as its own process, for the bench and e2e runs:
//   npx tsx test/fake-llm/main.ts --port 0 --latency-ms 100 [--failure-rate 0.05] [--limit-concurrency 20 --limit-rpm 600]
// prints one JSON line {"url": ..., "port": ...} once listening, answers GET /fake/stats with its
// stats, and exits on SIGTERM or SIGINT.
// A required key comes from FAKE_LLM_REQUIRE_API_KEY, not a flag: flags show in `ps`.

const FAILURE_KINDS: FailureKind[] = ["429", "500", "503", "529", "timeout", "drop", "malformed", "401"];

const { values } = parseArgs({
  options: {
    host: { type: "string", default: "127.0.0.1" },
    port: { type: "string", default: "0" },
    "latency-ms": { type: "string", default: "0" },
    "failure-rate": { type: "string", default: "0" },
    "failure-kinds": { type: "string" },
    seed: { type: "string", default: "1" },
    models: { type: "string" },
    "limit-concurrency": { type: "string" },
    "limit-rpm": { type: "string" },
  },
});

function latencyOption(text: string): number | [number, number] {
  const parts = text.split(",").map(Number);
  if (parts.some((part) => !Number.isFinite(part) || part < 0) || parts.length > 2) {
    throw new Error(`--latency-ms takes a number or min,max; got ${text}`);
  }
  return parts.length === 2 ? [parts[0], parts[1]] : parts[0];
}

function optionalCount(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(text)) throw new Error(`a limit is a whole number >= 1; got ${text}`);
  return Number(text);
}

function failureKindsOption(text: string | undefined): FailureSpec[] {
  if (text === undefined) return DEFAULT_FAILURE_KINDS;
  return text.split(",").map((kind) => {
    if (!FAILURE_KINDS.includes(kind as FailureKind)) throw new Error(`unknown failure kind ${kind}; one of ${FAILURE_KINDS.join(", ")}`);
    return kind as FailureKind;
  });
}

const server = await startFakeLlmServer({
  host: values.host,
  port: Number(values.port),
  latencyMs: latencyOption(values["latency-ms"]),
  failureRate: Number(values["failure-rate"]),
  failureKinds: failureKindsOption(values["failure-kinds"]),
  seed: Number(values.seed),
  knownModels: values.models?.split(","),
  requireApiKey: process.env.FAKE_LLM_REQUIRE_API_KEY || undefined,
  providerLimits: { concurrency: optionalCount(values["limit-concurrency"]), requestsPerMinute: optionalCount(values["limit-rpm"]) },
  // a bench sends tens of thousands of calls; nobody reads this process's log of them
  recordRequests: false,
});
process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port })}\n`);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void server.close().then(() => process.exit(0));
  });
}
