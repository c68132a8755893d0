import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it } from "vitest";
import { SummariesAge } from "@/components/charts/summaries-age";
import { pmByRevisionQuerySchema } from "@/lib/schemas/charts";
import { pmByRevision } from "@/lib/server/charts/pm-by-revision";
import { ChartSummaryRebuilds } from "@/lib/server/charts/rebuild-jobs";
import { currentSummaries, rebuildStaleSummaries } from "@/lib/server/charts/summaries";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { createDataset, createPrompts } from "../factories";
import { fixtureConstitution } from "../runs/harness";
import { itOnServer } from "../setup/on-server";
import { stale } from "./summary-state";

afterAll(() => pgPool().end());

// The chart summaries are rebuilt in the background (lib/server/charts/summaries.ts): after a write
// the triggers do not follow, a chart answers at once from the last complete summaries and says
// how old they are; a worker's sweep rebuilds them, one rebuild at a time across every process.

/** One chain, its initial answer scored 1 and its one revision 3: a PM chart of two points. */
async function chain(name: string) {
  const dataset = await createDataset(name);
  const [promptId] = await createPrompts(dataset.id, [{ text: `${name} prompt` }]);
  const {
    principleIds: [p0],
  } = await fixtureConstitution();
  const [initial, revision] = await prisma.response.createManyAndReturn({
    data: [
      { promptId, text: "initial", origin: "INITIAL" },
      { promptId, text: "revision", origin: "REVISION" },
    ],
    select: { id: true },
  });
  await prisma.score.createMany({
    data: [
      { responseId: initial.id, name: "pm_score", source: "IMPORTED", value: 1 },
      { responseId: revision.id, name: "pm_score", source: "IMPORTED", value: 3 },
    ],
  });
  const { id: chainId } = await prisma.chain.create({ data: { promptId, initialResponseId: initial.id } });
  await prisma.chainStep.create({ data: { chainId, index: 1, principleId: p0, critique: "c", revisionId: revision.id } });
  const query = pmByRevisionQuerySchema.parse({ dataset: dataset.id });
  const points = async () => (await pmByRevision(query)).series.flatMap((s) => s.points.map((p) => [p.revision, p.n, p.mean]));
  return { chainId, query, points };
}

describe("chart summaries rebuilt in the background", () => {
  itOnServer(
    "PGlite runs one transaction at a time: a rebuild left open stops every other connection",
    "answer a chart at once from the last complete summaries, with their age, while a rebuild runs; a second rebuilder passes; the rebuild's commit makes them current",
    async () => {
      const world = await chain("charts-rebuild-open");
      expect(await world.points()).toEqual([
        [0, 1, 1],
        [1, 1, 3],
      ]);
      // a rebuild that has done its work but not committed: the rebuild lock is taken first (as
      // chart_refresh takes it), so no other test's worker can rebuild in between
      const rebuilder = await pgPool().connect();
      try {
        await rebuilder.query("BEGIN");
        await rebuilder.query("SELECT pg_advisory_xact_lock(0, hashtext('chart_refresh'))");
        // deleting a step is not followed row by row: it marks the summaries stale
        await prisma.chainStep.deleteMany({ where: { chainId: world.chainId } });
        expect(await stale()).toBe(true);
        const { rows } = await rebuilder.query<{ rebuilt: boolean }>("SELECT chart_refresh() AS rebuilt");
        expect(rows[0].rebuilt).toBe(true);

        const started = performance.now();
        const meanwhile = await pmByRevision(world.query);
        expect(performance.now() - started).toBeLessThan(1000);
        expect(meanwhile.series.flatMap((s) => s.points.map((p) => [p.revision, p.n, p.mean]))).toEqual([
          [0, 1, 1],
          [1, 1, 3],
        ]);
        expect(meanwhile.summaries).toMatchObject({ current: false, rebuilding: true });
        expect(Date.now() - Date.parse(meanwhile.summaries.staleSince!)).toBeLessThan(60_000);
        expect(meanwhile.summaries.ageSeconds).toBeGreaterThanOrEqual(0);
        expect(meanwhile.summaries.ageSeconds).toBeLessThan(60);
        // a worker's sweep meanwhile passes at once
        const second = performance.now();
        expect(await rebuildStaleSummaries()).toBe(false);
        expect(performance.now() - second).toBeLessThan(1000);

        await rebuilder.query("COMMIT");
      } finally {
        await rebuilder.query("ROLLBACK").catch(() => {});
        rebuilder.release();
      }
      const after = await pmByRevision(world.query);
      expect(after.summaries).toMatchObject({ current: true, staleSince: null, ageSeconds: null });
      expect(await world.points()).toEqual([[0, 1, 1]]);
    },
  );

  it("rebuild in a worker's sweep, beside it: two workers sweeping at once make one rebuild", async () => {
    const world = await chain("charts-rebuild-sweep");
    await prisma.chainStep.deleteMany({ where: { chainId: world.chainId } });
    const logs: string[] = [];
    const basics = { workerId: "test", pollMs: 50, staleSeconds: 3, log: (message: string) => logs.push(message) };
    const [a, b] = [new ChartSummaryRebuilds(basics), new ChartSummaryRebuilds(basics)];
    // the sweep starts the rebuild and returns; stopping waits for it
    await Promise.all([a.sweep(), b.sweep(), a.sweep()]);
    await Promise.all([a.stop(), b.stop()]);
    // one of them rebuilt (or, in a full test run, another test's worker did first)
    expect(logs.filter((line) => line.startsWith("chart summaries rebuilt")).length).toBeLessThanOrEqual(1);
    expect(logs.filter((line) => line.includes("failed"))).toEqual([]);
    await currentSummaries();
    expect(await world.points()).toEqual([[0, 1, 1]]);
  });

  it("say on the chart pages how old the numbers are, in a quiet line, and nothing while they are current", () => {
    const line = renderToStaticMarkup(createElement(SummariesAge, { summaries: { current: false, staleSince: "2026-12-08T14:02:05.000Z", ageSeconds: 40, rebuilding: true } }));
    expect(line).toContain('role="status"');
    expect(line).toContain("Numbers as of 2026-12-08 14:02 UTC (40s ago), updating");
    expect(line).toContain("rows deleted since may still be counted");
    expect(line).toContain("A worker is rebuilding them now.");
    const waiting = renderToStaticMarkup(createElement(SummariesAge, { summaries: { current: false, staleSince: null, ageSeconds: null, rebuilding: false } }));
    expect(waiting).toContain("Waiting for a worker to rebuild them.");
    expect(renderToStaticMarkup(createElement(SummariesAge, { summaries: { current: true, staleSince: null, ageSeconds: null, rebuilding: false } }))).toBe("");
    expect(renderToStaticMarkup(createElement(SummariesAge, { summaries: null }))).toBe("");
  });
});
