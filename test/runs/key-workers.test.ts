import { describe, expect, it } from "vitest";
import { slRunRequestSchema } from "@/lib/schemas/runs";
import { prisma } from "@/lib/server/db";
import { createSlRun } from "@/lib/server/runs/kinds/sl";
import { runProgress } from "@/lib/server/runs/progress";
import { runCli } from "../cli/run-cli";
import { TEST_API_KEY } from "../fake-llm/endpoints";
import { endpointFor, eventually, fixtureConstitution, importedDataset, waitForRun, workerTestbed } from "./harness";

// Workers with different environments: an endpoint's key comes from a variable that one worker has
// and another lacks. The one that lacks it leaves the items, unclaimed and not counted as attempts,
// for one that has it, and the run says what it waits for. The provider refuses any other key.

const { provider, startWorker } = workerTestbed();
const VARIABLE = "CAI_TEST_WORKER_KEY";

async function setup() {
  const server = await provider({ requireApiKey: TEST_API_KEY });
  const [dataset, constitution, endpointId] = await Promise.all([importedDataset(), fixtureConstitution(), endpointFor(server, { apiKeyEnv: VARIABLE })]);
  const endpoint = await prisma.modelEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
  const request = (overrides: Record<string, unknown> = {}) =>
    slRunRequestSchema.parse({ datasetId: dataset.id, endpointId, constitutionVersionId: constitution.versionId, revisions: 1, ...overrides });
  return { server, dataset, constitution, endpoint, request };
}

describe("an endpoint whose key variable only some workers have", () => {
  it("is left by a worker without it, unfailed, and the run waits for a worker with it set, which then finishes it", async () => {
    const { server, request } = await setup();
    await startWorker({ env: { ...process.env, [VARIABLE]: undefined } });
    const { runId, items } = await createSlRun(request());

    const waiting = await eventually(
      () => runProgress(runId),
      (p) => p.waitingForKey !== null,
    );
    expect(waiting).toMatchObject({ status: "RUNNING", waitingForKey: VARIABLE, failed: 0, done: 0 });
    // a while later: nothing failed, nothing held, no attempt counted, no call made
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const rows = await prisma.runItem.findMany({ where: { runId } });
    expect(rows.map((i) => [i.status, i.attempts, i.claimedBy])).toEqual(Array.from({ length: items }, () => ["PENDING", 0, null]));
    expect(server.requests).toHaveLength(0);

    await startWorker({ env: { ...process.env, [VARIABLE]: TEST_API_KEY } });
    expect(await waitForRun(runId, ["SUCCEEDED", "FAILED"])).toBe("SUCCEEDED");
    const done = await runProgress(runId);
    expect(done).toMatchObject({ done: items, failed: 0, waitingForKey: null });
    expect(server.requests.length).toBeGreaterThanOrEqual(items * 2);
    expect(server.requests.filter((r) => r.failure)).toEqual([]);
  });

  it("lets `cai run ... --work` with the key in its environment finish the run while the studio's worker, without it, runs", async () => {
    const { dataset, constitution, endpoint } = await setup();
    // the studio's worker (npm start): this process's environment, which lacks the variable
    expect(process.env[VARIABLE]).toBeUndefined();
    await startWorker();
    const result = await runCli(
      ["run", "sl", "--dataset", dataset.name, "--endpoint", endpoint.name, "--constitution-version", String(constitution.versionId), "--revisions", "1", "--work"],
      { ...process.env, [VARIABLE]: TEST_API_KEY },
    );
    expect(result.stderr).not.toMatch(/not started|not set/);
    expect(result.code).toBe(0);
    const runId = Number(/Started SL-CAI run #(\d+)/.exec(result.stdout)?.[1]);
    expect(result.stdout).toMatch(new RegExp(`run #${runId} succeeded · 5/5 prompts \\(100%\\)`));
  }, 60_000);
});
