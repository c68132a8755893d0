import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db";
import { datasetDeepCounts, findImport, listDatasets, recentImports } from "@/lib/server/datasets/queries";
import { importFile } from "@/lib/server/imports/import-file";
import { pgPool } from "@/lib/server/pg";
import { FIXTURES, tempFile, uniqueName } from "../imports/helpers";

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

const fixture = (name: string) => path.join(FIXTURES, name);

describe("listDatasets", () => {
  it("counts what each dataset holds", async () => {
    const name = uniqueName("counts");
    await importFile({ path: fixture("sl-chains.jsonl"), fileName: "sl-chains.jsonl", dataset: name });
    await importFile({ path: fixture("hh-rlhf.jsonl"), fileName: "hh-rlhf.jsonl", dataset: name });
    await importFile({ path: fixture("rl-samples.jsonl"), fileName: "rl-samples.jsonl", dataset: name });
    const other = uniqueName("other");
    await importFile({ path: fixture("prompts.jsonl"), fileName: "prompts.jsonl", dataset: other });

    const [datasets, deep] = await Promise.all([listDatasets(), datasetDeepCounts()]);
    const mine = datasets.find((d) => d.name === name)!;
    expect(mine.counts).toEqual({ prompts: 3 + 3 + 2, chains: 3, comparisons: 3 });
    expect(deep.get(mine.id)).toEqual({ steps: 7, humanLabels: 3, responses: 10 + 6 + 5 });
    const theirs = datasets.find((d) => d.name === other)!;
    expect(theirs.counts).toEqual({ prompts: 5, chains: 0, comparisons: 0 });
    expect(deep.get(theirs.id)).toMatchObject({ steps: 0, humanLabels: 0 });
  });
});

describe("import history", () => {
  it("lists recent imports newest first, with the error of a failed one", async () => {
    const name = uniqueName("history");
    const good = await importFile({ path: fixture("sl-chains.jsonl"), fileName: "sl-chains.jsonl", dataset: name });
    const bad = tempFile("broken.jsonl", '{"prompt": "fine"}\n{"prompt": \n');
    const failedId = await importFile({ path: bad, fileName: "broken.jsonl", dataset: name }).then(
      () => undefined,
      (error) => error.importId as number,
    );
    expect(failedId).toBeDefined();

    const rows = await recentImports(50);
    const failed = rows.find((r) => r.id === failedId)!;
    const succeeded = rows.find((r) => r.id === good.importId)!;
    expect(rows.indexOf(failed)).toBeLessThan(rows.indexOf(succeeded));
    expect(failed).toMatchObject({ status: "FAILED", fileName: "broken.jsonl" });
    expect(failed.error).toMatch(/broken\.jsonl, line 2/);
    expect(succeeded).toMatchObject({ status: "SUCCEEDED", format: "CAI_SL_CHAINS", dataset: { name } });
    expect(succeeded.stats).toMatchObject({ promptsNew: 3, chains: 3, steps: 7 });

    const detail = await findImport(failedId!);
    expect(detail?.error).toMatch(/line 2/);
    expect(await findImport(2_000_000_000)).toBeNull();
  });
});
