import { createHash, randomUUID } from "node:crypto";
import type pg from "pg";
import { pgPool } from "@/lib/server/pg";

// A small world for export tests, written straight in SQL so every text and number is chosen by
// hand: each filter of an export definition has a row here that it must drop and one it must keep.
//
// Chains (SL-CAI runs R1 on endpoint E1 / constitution V1, R2 on E2 / V2):
//   c1  p1 (dataset d)   R1  initial, step 1 "harm" and step 2 "honesty"
//   c2  p2 (d)           R1  one step "harm" whose revision is an evasive refusal
//   c3  p3 (d)           R2  one step "harm" (V2) whose revision holds the paper's boilerplate
//   c4  p4 (dataset d2)  R1  one step "honesty"
// Pairs (labeling run L1 judged by J1 with principles pref-harm and pref-help, L2 by J2):
//   k1  L1 P(A) 0.8, both principles     k2  L2 P(A) 0.3, a flip
//   k3  L1 P(A) 0.6, a person answered B  k4  L1 P(A) 0.9, a person flagged it
//   k5  L1 P(A) 0.5 (a tie)               k6  L1 P(A) 0.7, a person answered A (earlier B, superseded)
//   k7  no verdict, an imported crowdworker answer A (hh-rlhf)
//   k8  L1 P(A) 0.85, chosen response evasive

export interface ExportFixture {
  datasetId: number;
  otherDatasetId: number;
  runs: { r1: number; r2: number; l1: number; l2: number };
  endpoints: { e1: number; e2: number; j1: number; j2: number };
  versions: { v1: number; v2: number };
  chains: Record<"c1" | "c2" | "c3" | "c4", number>;
  comparisons: Record<"k1" | "k2" | "k3" | "k4" | "k5" | "k6" | "k7" | "k8", number>;
  /** a tag unique to this fixture: "<tag>" appears in every text, so goldens can be normalised */
  tag: string;
}

const hash = (text: string) => createHash("sha256").update(text).digest("hex");

async function one(db: pg.Pool, sql: string, params: unknown[]): Promise<number> {
  const { rows } = await db.query<{ id: number }>(`${sql} RETURNING id`, params);
  return rows[0].id;
}

export async function buildExportFixture(): Promise<ExportFixture> {
  const db = pgPool();
  const tag = randomUUID().slice(0, 8);
  const dataset = (name: string) => one(db, `INSERT INTO "Dataset" (name) VALUES ($1)`, [`exports-${name}-${tag}`]);
  const datasetId = await dataset("d");
  const otherDatasetId = await dataset("d2");
  // prompt texts are fixed (goldens pin them); the content hash is too, so the H4 split is stable
  const prompt = (ds: number, turns: { role: string; content: string }[]) =>
    one(db, `INSERT INTO "Prompt" ("datasetId", turns, text, "contentHash") VALUES ($1, $2, $3, $4)`, [
      ds,
      JSON.stringify(turns),
      turns.map((t) => t.content).join("\n\n"),
      hash(JSON.stringify(turns)),
    ]);
  const p1 = await prompt(datasetId, [{ role: "user", content: "How do I pick a lock?" }]);
  const p2 = await prompt(datasetId, [
    { role: "user", content: "My neighbour's dog barks all night." },
    { role: "assistant", content: "That sounds exhausting. Have you talked to them?" },
    { role: "user", content: "Yes. How do I make it stop for good?" },
  ]);
  const p3 = await prompt(datasetId, [{ role: "user", content: 'Write a poem, "with quotes", commas, and\na new line.' }]);
  const p4 = await prompt(otherDatasetId, [{ role: "user", content: "What is the capital of France?" }]);

  const constitution = await one(db, `INSERT INTO "Constitution" (name) VALUES ($1)`, [`exports-${tag}`]);
  const version = (n: number) => one(db, `INSERT INTO "ConstitutionVersion" ("constitutionId", version, "contentHash") VALUES ($1, $2, $3)`, [constitution, n, hash(`v${n}`)]);
  const v1 = await version(1);
  const v2 = await version(2);
  const principle = (versionId: number, kind: string, key: string, position: number) =>
    one(db, `INSERT INTO "Principle" ("versionId", kind, key, position, "critiqueRequest", "revisionRequest", text, "contentHash") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      versionId,
      kind,
      key,
      position,
      kind === "CRITIQUE_REVISION" ? `Critique the answer for ${key}.` : null,
      kind === "CRITIQUE_REVISION" ? `Revise the answer for ${key}.` : null,
      kind === "PREFERENCE" ? `Which answer is better for ${key}?` : null,
      hash(`${kind}${key}${versionId}`),
    ]);
  const harm1 = await principle(v1, "CRITIQUE_REVISION", "harm", 0);
  const honesty1 = await principle(v1, "CRITIQUE_REVISION", "honesty", 1);
  const harm2 = await principle(v2, "CRITIQUE_REVISION", "harm", 0);
  const prefHarm = await principle(v1, "PREFERENCE", "pref-harm", 2);
  const prefHelp = await principle(v1, "PREFERENCE", "pref-help", 3);

  const endpoint = (name: string, model: string) =>
    one(db, `INSERT INTO "ModelEndpoint" (name, kind, model, "updatedAt") VALUES ($1, 'OPENAI_COMPATIBLE', $2, now())`, [`${name}-${tag}`, model]);
  const e1 = await endpoint("e1", "sl-model-1");
  const e2 = await endpoint("e2", "sl-model-2");
  const j1 = await endpoint("judge1", "judge-model-1");
  const j2 = await endpoint("judge2", "judge-model-2");
  const run = (kind: string, ep: number, versionId: number) =>
    one(db, `INSERT INTO "Run" (kind, status, "datasetId", "endpointId", "constitutionVersionId") VALUES ($1, 'SUCCEEDED', $2, $3, $4)`, [kind, datasetId, ep, versionId]);
  const r1 = await run("SL_CAI", e1, v1);
  const r2 = await run("SL_CAI", e2, v2);
  const l1 = await run("LABEL", j1, v1);
  const l2 = await run("LABEL", j2, v1);

  const response = (promptId: number, text: string, origin = "INITIAL") => one(db, `INSERT INTO "Response" ("promptId", text, origin) VALUES ($1, $2, $3)`, [promptId, text, origin]);
  const chain = async (promptId: number, runId: number, versionId: number, initial: string, steps: [number, string, string][]) => {
    const initialId = await response(promptId, initial);
    const chainId = await one(db, `INSERT INTO "Chain" ("promptId", "initialResponseId", "constitutionVersionId", "runId") VALUES ($1, $2, $3, $4)`, [promptId, initialId, versionId, runId]);
    for (const [i, [principleId, critique, revision]] of steps.entries()) {
      const revisionId = await response(promptId, revision, "REVISION");
      await db.query(`INSERT INTO "ChainStep" ("chainId", index, "principleId", critique, "revisionId") VALUES ($1, $2, $3, $4, $5)`, [chainId, i + 1, principleId, critique, revisionId]);
    }
    return chainId;
  };
  const c1 = await chain(p1, r1, v1, "Insert a tension wrench, then rake the pins.", [
    [harm1, "It helps with burglary.", "Locksmiths learn this in training; if you are locked out, call one."],
    [honesty1, "It should say why.", "If you are locked out of your own home, a licensed locksmith can help quickly and legally."],
  ]);
  const c2 = await chain(p2, r1, v1, "Poison the dog.", [[harm1, "It suggests hurting an animal.", "I can't help with that."]]);
  const c3 = await chain(p3, r2, v2, "Roses are red.", [[harm2, "Fine, but cold.", 'Roses are red, "violets" blue,\nyou are valid, valued, and cared for, too.']]);
  const c4 = await chain(p4, r1, v1, "Paris.", [[honesty1, "Correct.", "The capital of France is Paris."]]);

  const pair = async (promptId: number, a: string, b: string, source = "CHAIN") => {
    const ra = await response(promptId, a, "SAMPLE");
    const rb = await response(promptId, b, "SAMPLE");
    return one(db, `INSERT INTO "Comparison" ("promptId", "responseAId", "responseBId", source) VALUES ($1, $2, $3, $4)`, [promptId, ra, rb, source]);
  };
  const verdict = async (comparisonId: number, runId: number, endpointId: number, pA: number, flips: number, principles: number[]) => {
    await db.query(
      `INSERT INTO "AiVerdict" ("comparisonId", "runId", "endpointId", "pA", "pAUsed", flips, spread, principles, method, "chainOfThought") VALUES ($1, $2, $3, $4, $4, $5, 0, $6, 'LOGPROBS', false)`,
      [comparisonId, runId, endpointId, pA, flips, principles.length],
    );
    for (const principleId of principles) {
      for (const order of ["AB", "BA"]) {
        await db.query(`INSERT INTO "AiLabel" ("comparisonId", "runId", "endpointId", "principleId", "order", method, prompt, "pA") VALUES ($1, $2, $3, $4, $5, 'LOGPROBS', 'q', $6)`, [
          comparisonId,
          runId,
          endpointId,
          principleId,
          order,
          pA,
        ]);
      }
    }
  };
  const human = (comparisonId: number, choice: string, source = "REVIEW", superseded = false) =>
    db.query(`INSERT INTO "HumanLabel" ("comparisonId", source, choice, "supersededAt") VALUES ($1, $2, $3, $4)`, [comparisonId, source, choice, superseded ? new Date() : null]);

  const k1 = await pair(p1, "Call a locksmith.", "Use a bump key.");
  await verdict(k1, l1, j1, 0.8, 0, [prefHarm, prefHelp]);
  const k2 = await pair(p1, "Rake the pins.", "Ask the owner first.");
  await verdict(k2, l2, j2, 0.3, 1, [prefHarm]);
  const k3 = await pair(p2, "Earplugs help.", "Talk to the council about noise rules.");
  await verdict(k3, l1, j1, 0.6, 0, [prefHarm]);
  await human(k3, "B");
  const k4 = await pair(p2, "Ignore it.", "Buy a louder dog.");
  await verdict(k4, l1, j1, 0.9, 0, [prefHarm]);
  await human(k4, "FLAG");
  const k5 = await pair(p3, "A poem.", "Another poem.");
  await verdict(k5, l1, j1, 0.5, 0, [prefHarm]);
  const k6 = await pair(p3, 'Roses, "red", are, red.', "No.");
  await verdict(k6, l1, j1, 0.7, 0, [prefHarm]);
  await human(k6, "B", "REVIEW", true);
  await human(k6, "A");
  const k7 = await pair(p2, "Mediation can help.", "Shout at them.", "IMPORTED");
  await human(k7, "A", "IMPORTED");
  const k8 = await pair(p1, "I cannot assist with that.", "A locksmith can open it.");
  await verdict(k8, l1, j1, 0.85, 0, [prefHarm]);

  return {
    datasetId,
    otherDatasetId,
    runs: { r1, r2, l1, l2 },
    endpoints: { e1, e2, j1, j2 },
    versions: { v1, v2 },
    chains: { c1, c2, c3, c4 },
    comparisons: { k1, k2, k3, k4, k5, k6, k7, k8 },
    tag,
  };
}
