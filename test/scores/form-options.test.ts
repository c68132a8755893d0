import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { scoreFormOptions } from "@/lib/server/scores/form-options";
import { createDataset } from "../factories";
import { uniqueName } from "../imports/helpers";

// What the browser's scoring-run and Bradley-Terry forms offer (components/scores): scoring
// endpoints only, with their score format, and the runs each form can keep to.

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

describe("scoreFormOptions", () => {
  it("offers scoring endpoints only, and sorts runs by what they made", async () => {
    const dataset = await createDataset("score-form");
    const [scorer, json, chat] = await Promise.all([
      prisma.modelEndpoint.create({ data: { name: uniqueName("reward"), kind: "SCORER", model: "rm", baseUrl: "http://127.0.0.1:1" } }),
      prisma.modelEndpoint.create({ data: { name: uniqueName("json-scorer"), kind: "SCORER", model: "rm", baseUrl: "http://127.0.0.1:1/score", params: { scoreFormat: "json" } } }),
      prisma.modelEndpoint.create({ data: { name: uniqueName("chat"), kind: "OPENAI_COMPATIBLE", model: "chat", baseUrl: "http://127.0.0.1:1/v1" } }),
    ]);
    // one after the other: the forms list runs newest first
    const run = (kind: "SL_CAI" | "SAMPLE" | "LABEL") => prisma.run.create({ data: { kind, name: `${kind} run`, status: "SUCCEEDED", datasetId: dataset.id, config: {} } });
    const sl = await run("SL_CAI");
    const sample = await run("SAMPLE");
    const label = await run("LABEL");
    const options = await scoreFormOptions();
    const ids = options.endpoints.map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining([scorer.id, json.id]));
    expect(ids).not.toContain(chat.id);
    expect(options.endpoints.find((e) => e.id === scorer.id)?.scoreFormat).toBe("vllm-pooling");
    expect(options.endpoints.find((e) => e.id === json.id)?.scoreFormat).toBe("json");
    expect(options.sourceRuns.filter((r) => r.datasetId === dataset.id)).toEqual([
      { id: sample.id, name: "SAMPLE run", kind: "SAMPLE", datasetId: dataset.id },
      { id: sl.id, name: "SL_CAI run", kind: "SL_CAI", datasetId: dataset.id },
    ]);
    expect(options.labelRuns.filter((r) => r.datasetId === dataset.id)).toEqual([{ id: label.id, name: "LABEL run", datasetId: dataset.id }]);
    expect(options.datasets.find((d) => d.id === dataset.id)).toEqual({ id: dataset.id, name: dataset.name, chains: 0, comparisons: 0 });
  });
});
