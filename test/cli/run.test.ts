import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import type { FakeLlmServer } from "../fake-llm";
import { uniqueName } from "../imports/helpers";
import { endpointFor, fakeProvider, fixtureConstitution, importedDataset } from "../runs/harness";
import { runCli } from "./run-cli";

const servers: FakeLlmServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await pgPool().end();
});

async function targets() {
  const server = await fakeProvider();
  servers.push(server);
  const [dataset, constitution, endpointId] = await Promise.all([importedDataset(), fixtureConstitution(), endpointFor(server)]);
  const endpoint = await prisma.modelEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
  return { dataset, constitution, endpoint };
}

describe("cai run", () => {
  it("starts an SL-CAI run by names, works it with --work and reports how it ended", async () => {
    const { dataset, constitution, endpoint } = await targets();
    const name = uniqueName("cli run");
    const result = await runCli([
      "run", "sl", "--dataset", dataset.name, "--endpoint", endpoint.name, "--constitution-version", String(constitution.versionId),
      "--revisions", "2", "--fixed-order", "--limit", "3", "--name", name, "--work",
    ]);
    expect(result.stderr).not.toMatch(/not started/);
    expect(result.code).toBe(0);
    const runId = Number(/Started SL-CAI run #(\d+): 3 prompts x 2 revisions/.exec(result.stdout)?.[1]);
    expect(result.stdout).toMatch(new RegExp(`run #${runId} succeeded · 3/3 prompts \\(100%\\) · 15 calls`));
    const run = await prisma.run.findUniqueOrThrow({ where: { id: runId }, include: { chains: { include: { steps: true } } } });
    expect(run.name).toBe(name);
    expect(run.chains).toHaveLength(3);
    expect(run.chains.every((c) => c.steps.length === 2)).toBe(true);

    const status = await runCli(["run", "status", String(runId)]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`run #${runId} succeeded`);
    const pause = await runCli(["run", "pause", String(runId)]);
    expect(pause.code).toBe(1);
    expect(pause.stderr).toContain(`run pause ${runId}: only a queued or running run can be paused (run ${runId} is succeeded)`);
  });

  it("says what is missing: an unknown endpoint fails with exit 1, a missing flag is a usage error", async () => {
    const { dataset, constitution } = await targets();
    const unknown = await runCli(["run", "sl", "--dataset", dataset.name, "--endpoint", "no-such-endpoint", "--constitution-version", String(constitution.versionId)]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Run not started: --endpoint: there is no endpoint "no-such-endpoint" (add one in Settings)');

    const usage = await runCli(["run", "sl", "--dataset", dataset.name]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--endpoint is needed");
    const badNumber = await runCli(["run", "sl", "--dataset", "d", "--endpoint", "e", "--constitution", "c", "--revisions", "many"]);
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toContain('--revisions must be a number, not "many"');
  });
});
