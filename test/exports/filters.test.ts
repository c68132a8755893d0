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
const C3_FINAL = 'Roses are red, "viol';
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

describe("SFT imported answers", () => {
  // an imported SFT file's rows (a prompt and an IMPORTED ":response" answer, no chain), an imported
  // hh-rlhf pair's response (":chosen": not an SFT answer), and an imported answer on p1, which has chain c1
  const IMPORTED = "Imported: a locksmit";
  const IMPORTED_EVASIVE = "I can't help with th";
  beforeAll(async () => {
    const db = pgPool();
    const one = async (sql: string, params: unknown[]) => (await db.query<{ id: number }>(`${sql} RETURNING id`, params)).rows[0].id;
    const prompt = (content: string) =>
      one(`INSERT INTO "Prompt" ("datasetId", turns, text, "contentHash") VALUES ($1, $2, $3, $4)`, [
        f.datasetId,
        JSON.stringify([{ role: "user", content }]),
        content,
        `${f.tag}-${content}`,
      ]);
    const imported = (promptId: number, text: string, sourceKey: string) =>
      one(`INSERT INTO "Response" ("promptId", text, origin, producer, "sourceKey") VALUES ($1, $2, 'IMPORTED', 'sft.jsonl', $3)`, [promptId, text, sourceKey]);
    await imported(await prompt("Who can open my door?"), "Imported: a locksmith can open it.", "aaa:response");
    await imported(await prompt("And if I can't wait?"), "I can't help with that.", "bbb:response");
    await imported(await prompt("A pair's prompt"), "A pair's chosen response.", "ccc:chosen");
    const p1 = (await db.query<{ promptId: number }>(`SELECT "promptId" FROM "Chain" WHERE id = $1`, [f.chains.c1])).rows[0].promptId;
    await imported(p1, "Imported: an answer p1 came with.", "ddd:response");
  });

  it("off (the default): only chains' answers", async () => {
    expect(await answers({})).toEqual([C1_FINAL, C2_FINAL, C3_FINAL, C4_FINAL]);
    expect((await preview("SFT", {})).count).toBe(4);
  });
  it("on: after the chains, the imported answers of prompts with no chain, in import order, counted", async () => {
    expect(await answers({ importedAnswers: true })).toEqual([C1_FINAL, C2_FINAL, C3_FINAL, C4_FINAL, IMPORTED, IMPORTED_EVASIVE]);
    expect((await preview("SFT", { importedAnswers: true })).count).toBe(6);
    const { rows } = await preview("SFT", { importedAnswers: true, datasetIds: [f.datasetId] });
    expect((rows as { messages: Message[] }[]).at(-2)!.messages).toEqual([
      { role: "user", content: "Who can open my door?" },
      { role: "assistant", content: "Imported: a locksmith can open it." },
    ]);
  });
  it('on, with revision "all": every chain step, then the imported answers', async () => {
    expect(await answers({ importedAnswers: true, revision: "all" })).toEqual([C1_STEP1, C1_FINAL, C2_FINAL, C3_FINAL, C4_FINAL, IMPORTED, IMPORTED_EVASIVE]);
  });
  it("on: datasets apply; filters only a chain meets (runs, endpoint, version, principles, a revision index) leave them out", async () => {
    expect(await answers({ importedAnswers: true, datasetIds: [f.otherDatasetId] })).toEqual([C4_FINAL]);
    expect(await answers({ importedAnswers: true, runIds: [f.runs.r2] })).toEqual([C3_FINAL]);
    expect(await answers({ importedAnswers: true, endpointId: f.endpoints.e2 })).toEqual([C3_FINAL]);
    expect(await answers({ importedAnswers: true, constitutionVersionId: f.versions.v2 })).toEqual([C3_FINAL]);
    expect(await answers({ importedAnswers: true, principleKeys: ["honesty"] })).toEqual([C1_FINAL, C4_FINAL]);
    expect(await answers({ importedAnswers: true, revision: 0 })).toEqual(["Insert a tension wre", "Poison the dog.", "Roses are red.", "Paris."]);
  });
  it("on: evasive answers and phrases are left out of imported answers too", async () => {
    expect(await answers({ importedAnswers: true, excludeEvasive: true, excludePhrases: ["valid, valued"] })).toEqual([C1_FINAL, C4_FINAL, IMPORTED]);
    expect(await answers({ importedAnswers: true, excludePhrases: ["A LOCKSMITH CAN OPEN"] })).toEqual([C1_FINAL, C2_FINAL, C3_FINAL, C4_FINAL, IMPORTED_EVASIVE]);
  });
});

describe("PREFERENCE filters", () => {
  it("by default: AI verdicts, a person's answer wins, ties and flagged pairs left out, human-only pairs included", async () => {
    expect(await pairs({})).toEqual({
      k1: "Call a locks|ai|0.8",
      k2: "Ask the owne|ai|0.7",
      k3: "Talk to the |human|1",
      k6: 'Roses, "red"|both|1',
      k7: "Mediation ca|human|1",
      k8: "I cannot ass|ai|0.85",
    });
  });
  it("human wins off: the AI decides, a person who agrees makes it both", async () => {
    const result = await pairs({ humanWins: false });
    expect(result.k3).toBe("Earplugs hel|ai|0.6");
    expect(result.k6).toBe('Roses, "red"|both|0.7');
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
