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
      "run",
      "sl",
      "--dataset",
      dataset.name,
      "--endpoint",
      endpoint.name,
      "--constitution-version",
      String(constitution.versionId),
      "--revisions",
      "2",
      "--fixed-order",
      "--limit",
      "3",
      "--name",
      name,
      "--work",
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

describe("cai pairs and cai run label", () => {
  it("makes initial-vs-final pairs, labels them with chain of thought in both orders, and reports the run", async () => {
    const { endpoint, constitution } = await targets();
    const chains = await importedDataset("sl-chains.jsonl");
    const pairs = await runCli(["pairs", "--dataset", chains.name, "--from", "chains"]);
    expect(pairs.code).toBe(0);
    expect(pairs.stdout).toContain(`Made 3 new pairs in dataset "${chains.name}" (0 were already there).`);

    // the fixture constitution has no preference principles: the run says which field to fix
    const refused = await runCli(["run", "label", "--dataset", chains.name, "--endpoint", endpoint.name, "--constitution-version", String(constitution.versionId)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Run not started: constitutionVersionId: this version has no preference principles to judge with");

    const label = await runCli(["run", "label", "--dataset", chains.name, "--endpoint", endpoint.name, "--constitution", "Studio default", "--cot", "--work"]);
    expect(label.stderr).not.toMatch(/not started/);
    expect(label.code).toBe(0);
    const runId = Number(/Started labeling run #(\d+): 3 pairs x 1 principle\(s\) x both orders, chain of thought\./.exec(label.stdout)?.[1]);
    expect(label.stdout).toMatch(new RegExp(`run #${runId} succeeded · 3/3 pairs \\(100%\\) · 12 calls`));
    const labels = await prisma.aiLabel.findMany({ where: { runId } });
    expect(labels).toHaveLength(6);
    for (const l of labels) expect(l.pAClamped).toBeGreaterThanOrEqual(0.4);
    for (const l of labels) expect(l.pAClamped).toBeLessThanOrEqual(0.6);

    const usage = await runCli(["run", "label", "--dataset", "d", "--endpoint", "e", "--constitution", "c", "--method", "vibes"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--method is logprobs, sampled[:k] or stated, not "vibes"');
  });
});
