import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db";
import { listExperiments } from "@/lib/server/experiments/status";
import { experimentPrompt } from "@/lib/server/experiments/prompt";
import { pgPool } from "@/lib/server/pg";
import { experimentWorld, pairKey } from "./fixtures";

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

// A prompt's page of an experiment: each arm's final answer (the chain's last revision), linked to
// its chain and run, and the judge's verdict on each pair, linked to the comparison.

describe("experimentPrompt", () => {
  it("gives each arm's final answer with the links to its chain, and the verdict per pair", async () => {
    const world = await experimentWorld({
      prompts: 3,
      arms: [
        { name: "v1", answer: (p) => ({ initial: `v1 first ${p}`, steps: [{ principle: 0, text: `v1 final ${p}` }] }) },
        { name: "v2", answer: (p) => ({ initial: `v2 only answer ${p} <script>alert(1)</script>`, steps: [] }) },
      ],
      verdict: (_x, _y, p) => (p === 2 ? null : 0.25),
    });
    const view = (await experimentPrompt(world.experimentId, world.promptIds[1]))!;
    expect(view.prompt.turns).toEqual([{ role: "user", content: "Experiment prompt #1" }]);
    expect(view.arms.map((arm) => [arm.name, arm.answer, arm.revisions, arm.chainHref, arm.runHref])).toEqual([
      ["v1", "v1 final 1", 1, `/chains/${world.arms[0].chainIds[1]}`, `/runs/${world.arms[0].runId}`],
      ["v2", "v2 only answer 1 <script>alert(1)</script>", 0, `/chains/${world.arms[1].chainIds[1]}`, `/runs/${world.arms[1].runId}`],
    ]);
    const comparisonId = world.pairs.get(pairKey(0, 1))![1];
    expect(view.pairs).toEqual([{ armX: world.arms[0].id, armY: world.arms[1].id, comparisonId, comparisonHref: `/comparisons/${comparisonId}`, pA: 0.25 }]);
    expect((await experimentPrompt(world.experimentId, world.promptIds[2]))!.pairs[0].pA).toBeNull();
    // a prompt outside the experiment, or an experiment that does not exist, has no page
    expect(await experimentPrompt(world.experimentId, 2_000_000_000)).toBeNull();
    expect(await experimentPrompt(2_000_000_000, world.promptIds[0])).toBeNull();

    const listed = (await listExperiments()).find((row) => row.id === world.experimentId)!;
    expect(listed).toMatchObject({ arms: [{ name: "v1" }, { name: "v2" }], prompts: 3, phase: "done" });
  });
});
