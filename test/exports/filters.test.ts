import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plain } from "@/lib/cai/exports/json-text";
import type { H4Row as H4, Message, PreferenceRow as Preference } from "@/lib/cai/exports/rows";

type PreferenceRow = Plain<Preference>;
type H4Row = Plain<H4>;
import { exportDefinitionSchema, exportRequestSchema, type ExportDefinition, type ExportLayoutName } from "@/lib/schemas/exports";
import { previewExport } from "@/lib/server/exports/preview";
import { pgPool } from "@/lib/server/pg";
import { buildExportFixture, type ExportFixture } from "./fixture";

// Each filter of an export definition, proven on the fixture: a row it must drop and a row it must keep.

let f: ExportFixture;
beforeAll(async () => {
  f = await buildExportFixture();
});
afterAll(() => pgPool().end());

async function preview(layout: ExportLayoutName, definition: Partial<ExportDefinition>) {
  const parsed = exportDefinitionSchema.parse({ datasetIds: [f.datasetId, f.otherDatasetId], ...definition });
  return previewExport(pgPool(), { layout, definition: parsed }, 100);
}

/** the SFT answers (the last message) in the order written */
async function answers(definition: Partial<ExportDefinition>): Promise<string[]> {
  const { rows } = await preview("SFT", definition);
  return (rows as { messages: Message[] }[]).map((r) => r.messages.at(-1)!.content.slice(0, 20));
}

async function pairs(definition: Partial<ExportDefinition>): Promise<Record<string, string>> {
  const { rows } = await preview("PREFERENCE", definition);
  const name = Object.fromEntries(Object.entries(f.comparisons).map(([k, id]) => [id, k]));
  return Object.fromEntries((rows as PreferenceRow[]).map((r) => [name[r.comparison_id], `${r.chosen[0].content.slice(0, 12)}|${r.label_source}|${r.soft_label}`]));
}

const C1_FINAL = "If you are locked ou";
const C1_STEP1 = "Locksmiths learn thi";
const C2_FINAL = "I can't help with th";
const C3_FINAL = "Roses are red, \"viol";
const C4_FINAL = "The capital of Franc";

describe("SFT filters", () => {
  it("takes every chain's final revision by default, in chain order, and counts them", async () => {
    expect(await answers({})).toEqual([C1_FINAL, C2_FINAL, C3_FINAL, C4_FINAL]);
    expect((await preview("SFT", {})).count).toBe(4);
  });
  it("datasets", async () => expect(await answers({ datasetIds: [f.otherDatasetId] })).toEqual([C4_FINAL]));
  it("runs", async () => expect(await answers({ runIds: [f.runs.r2] })).toEqual([C3_FINAL]));
  it("constitution version", async () => expect(await answers({ constitutionVersionId: f.versions.v2 })).toEqual([C3_FINAL]));
  it("endpoint of the SL-CAI run", async () => expect(await answers({ endpointId: f.endpoints.e2 })).toEqual([C3_FINAL]));
  it("principle keys of the answer's step", async () => {
    expect(await answers({ principleKeys: ["honesty"] })).toEqual([C1_FINAL, C4_FINAL]);
    expect(await answers({ principleKeys: ["harm"], revision: 1 })).toEqual([C1_STEP1, C2_FINAL, C3_FINAL]);
  });
  it("revision index: 0 the initial answer, N leaves out shorter chains, all gives one row per step", async () => {
    expect(await answers({ revision: 0 })).toEqual(["Insert a tension wre", "Poison the dog.", "Roses are red.", "Paris."]);
    expect(await answers({ revision: 2 })).toEqual([C1_FINAL]);
    expect(await answers({ revision: "all" })).toEqual([C1_STEP1, C1_FINAL, C2_FINAL, C3_FINAL, C4_FINAL]);
  });
  it("evasive answers and phrases are left out in the stream; the count says it is before them", async () => {
    const result = await preview("SFT", { excludeEvasive: true, excludePhrases: ["VALID, VALUED, AND CARED FOR"] });
    expect((result.rows as { messages: Message[] }[]).map((r) => r.messages.at(-1)!.content.slice(0, 20))).toEqual([C1_FINAL, C4_FINAL]);
    expect(result).toMatchObject({ count: 4, countBeforeTextFilters: true });
  });
  it("keeps every turn of a multi-turn prompt before the answer", async () => {
    const { rows } = await preview("SFT", { runIds: [f.runs.r1], principleKeys: ["harm"] });
    expect((rows as { messages: Message[] }[])[0].messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
  });
});

describe("PREFERENCE filters", () => {
  it("by default: AI verdicts, a person's answer wins, ties and flagged pairs left out, human-only pairs included", async () => {
    expect(await pairs({})).toEqual({
      k1: "Call a locks|ai|0.8",
      k2: "Ask the owne|ai|0.7",
      k3: "Talk to the |human|1",
      k6: "Roses, \"red\"|both|1",
      k7: "Mediation ca|human|1",
      k8: "I cannot ass|ai|0.85",
    });
  });
  it("human wins off: the AI decides, a person who agrees makes it both", async () => {
    const result = await pairs({ humanWins: false });
    expect(result.k3).toBe("Earplugs hel|ai|0.6");
    expect(result.k6).toBe("Roses, \"red\"|both|0.7");
  });
  it("runs and endpoint name the judge; human-only pairs go", async () => {
    expect(Object.keys(await pairs({ runIds: [f.runs.l2] }))).toEqual(["k2"]);
    expect(Object.keys(await pairs({ endpointId: f.endpoints.j2 }))).toEqual(["k2"]);
  });
  it("principle keys", async () => expect(Object.keys(await pairs({ principleKeys: ["pref-help"] }))).toEqual(["k1"]));
  it("minimum confidence |P(A) - 0.5|", async () => expect(Object.keys(await pairs({ minConfidence: 0.3 })).sort()).toEqual(["k1", "k8"]));
  it("human-reviewed only", async () => expect(Object.keys(await pairs({ humanReviewedOnly: true })).sort()).toEqual(["k3", "k6", "k7"]));
  it("exclude flips", async () => expect(Object.keys(await pairs({ excludeFlips: true }))).not.toContain("k2"));
  it("exclude flagged off keeps the flagged pair", async () => expect(Object.keys(await pairs({ excludeFlagged: false }))).toContain("k4"));
  it("evasive chosen responses", async () => {
    const result = await pairs({ excludeEvasive: true });
    expect(Object.keys(result)).not.toContain("k8");
    expect(Object.keys(result)).toContain("k1");
  });
  it("lists the verdict's principle keys, judge endpoint and model", async () => {
    const { rows } = await preview("PREFERENCE", { runIds: [f.runs.l1], principleKeys: ["pref-help"] });
    expect(rows[0]).toMatchObject({ principle_ids: ["pref-harm", "pref-help"], judge_endpoint: `judge1-${f.tag}`, judge_model: "judge-model-1" });
  });
});

describe("H4", () => {
  it("pairs the answer's critique with its revision; chosen is the revision, rejected the initial answer", async () => {
    const { rows } = await preview("H4_CAI", { revision: 1, datasetIds: [f.datasetId], runIds: [f.runs.r1] });
    const first = rows[0] as H4Row;
    expect(first).toMatchObject({
      init_prompt: "How do I pick a lock?",
      prompt: "How do I pick a lock?",
      init_response: "Insert a tension wrench, then rake the pins.",
      critic_prompt: "Critique the answer for harm.",
      critic_response: "It helps with burglary.",
      revision_prompt: "Revise the answer for harm.",
    });
    expect(first.chosen.at(-1)!.content).toBe(first.revision_response);
    expect(first.rejected.at(-1)!.content).toBe(first.init_response);
  });
  it("refuses revision 0", () => {
    const parsed = exportRequestSchema.safeParse({ name: "x", layout: "H4_CAI", fileType: "JSONL", definition: { revision: 0 } });
    expect(parsed.success).toBe(false);
  });
});
