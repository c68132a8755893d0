import { afterAll, describe, expect, it } from "vitest";
import { bradleyTerry } from "@/lib/cai/charts/bradley-terry";
import type { HumanChoice, HumanLabelSource } from "@/lib/generated/prisma/client";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { fitScores } from "@/lib/server/scores/fit";
import { POST } from "@/app/api/scores/fit/route";
import { sessionFor, requestWithSession } from "../auth/sessions";
import { runCli } from "../cli/run-cli";
import { createDataset, createPrompts } from "../factories";

// Bradley-Terry / Elo scores fitted to a dataset's labels, on hand-made tournaments whose strengths
// are known in closed form (the same cases as lib/cai/charts/bradley-terry.test.ts, fitted with
// prior 0 so nothing pulls them towards 1).

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

const LN2 = Math.log(2);

interface Tournament {
  datasetId: number;
  datasetName: string;
  runId: number;
  runName: string;
  /** response ids by name: prompt 1 x1 y1 z1 (consistent triangle), prompt 2 x2 y2 z2 (chain), prompt 3 u v w (people) */
  r: Record<string, number>;
  /** comparison ids by "a-b" */
  c: Record<string, number>;
}

async function tournament(): Promise<Tournament> {
  const dataset = await createDataset("scores");
  const [p1, p2, p3] = await createPrompts(dataset.id, [{ text: "one" }, { text: "two" }, { text: "three" }]);
  const responsesOf = { x1: p1, y1: p1, z1: p1, x2: p2, y2: p2, z2: p2, u: p3, v: p3, w: p3 };
  const r: Record<string, number> = {};
  for (const [name, promptId] of Object.entries(responsesOf)) {
    r[name] = (await prisma.response.create({ data: { promptId, text: name, origin: "SAMPLE" } })).id;
  }
  const c: Record<string, number> = {};
  const pairs: [string, string, number][] = [
    ["x1", "y1", p1],
    ["y1", "z1", p1],
    ["x1", "z1", p1],
    ["x2", "y2", p2],
    ["y2", "z2", p2],
    ["u", "v", p3],
    ["v", "w", p3],
  ];
  for (const [a, b, promptId] of pairs) {
    c[`${a}-${b}`] = (await prisma.comparison.create({ data: { promptId, responseAId: r[a], responseBId: r[b], source: "MANUAL" } })).id;
  }
  const runName = `label-${dataset.name}`;
  const run = await prisma.run.create({ data: { kind: "LABEL", name: runName, datasetId: dataset.id, status: "SUCCEEDED" } });
  // pA (raw) is deliberately off: the fit must read pAUsed, the value after clamping
  const verdicts: [string, number][] = [
    ["x1-y1", 4 / 6],
    ["y1-z1", 2 / 3],
    ["x1-z1", 4 / 5],
    ["x2-y2", 0.75],
    ["y2-z2", 0.8],
  ];
  await prisma.aiVerdict.createMany({
    data: verdicts.map(([pair, pAUsed]) => ({
      comparisonId: c[pair],
      runId: run.id,
      pA: 0.99,
      pAUsed,
      flips: 0,
      spread: 0,
      principles: 1,
      method: "LOGPROBS" as const,
      chainOfThought: false,
    })),
  });
  const human = (pair: string, source: HumanLabelSource, choice: HumanChoice, supersededAt: Date | null = null) => ({ comparisonId: c[pair], source, choice, supersededAt });
  await prisma.humanLabel.createMany({
    data: [
      // u vs v: A and a tie count; an earlier answer changed since, a skip and a flag do not
      human("u-v", "REVIEW", "A"),
      human("u-v", "REVIEW", "TIE"),
      human("u-v", "REVIEW", "B", new Date()),
      human("u-v", "REVIEW", "SKIP"),
      human("u-v", "REVIEW", "FLAG"),
      // v vs w: an imported crowdworker choice
      human("v-w", "IMPORTED", "A"),
    ],
  });
  return { datasetId: dataset.id, datasetName: dataset.name, runId: run.id, runName, r, c };
}

async function scoresOf(datasetId: number, name: string) {
  const rows = await prisma.score.findMany({ where: { name, response: { prompt: { datasetId } } }, orderBy: [{ responseId: "asc" }, { source: "asc" }] });
  const bt = new Map(rows.filter((s) => s.source === "BRADLEY_TERRY").map((s) => [s.responseId, s]));
  const elo = new Map(rows.filter((s) => s.source === "ELO").map((s) => [s.responseId, s]));
  return { rows, bt, elo };
}

describe("fitScores", () => {
  it("fits a labeling run's verdicts prompt by prompt: log-strengths and Elo equal the closed form", async () => {
    const t = await tournament();
    const result = await fitScores({ datasetId: t.datasetId, runId: t.runId, prior: 0 });
    expect(result).toEqual({ name: `bt:run ${t.runId}`, responses: 6, labels: 5, prompts: 2, notConverged: 0, replaced: 0 });

    const { rows, bt, elo } = await scoresOf(t.datasetId, result.name);
    expect(rows).toHaveLength(12);
    expect(rows.every((s) => s.runId === t.runId && s.importId === null)).toBe(true);
    // prompt 1: strengths 4 : 2 : 1, geometric mean 2 -> 2, 1, 0.5
    expect(bt.get(t.r.x1)!.value).toBeCloseTo(LN2, 8);
    expect(bt.get(t.r.y1)!.value).toBeCloseTo(0, 8);
    expect(bt.get(t.r.z1)!.value).toBeCloseTo(-LN2, 8);
    // Elo scale: 1500 + 400 log10(2) = 1620.412
    expect(elo.get(t.r.x1)!.value).toBeCloseTo(1620.412, 3);
    expect(elo.get(t.r.y1)!.value).toBeCloseTo(1500, 6);
    expect(elo.get(t.r.z1)!.value).toBeCloseTo(1379.588, 3);
    // prompt 2, a chain: s_x / s_y = 3, s_y / s_z = 4, normalised within its own prompt
    expect(bt.get(t.r.x2)!.value).toBeCloseTo(1.1945063, 6);
    expect(bt.get(t.r.y2)!.value).toBeCloseTo(0.095894, 6);
    expect(bt.get(t.r.z2)!.value).toBeCloseTo(-1.2904003, 6);
    // Elo = 1500 + 400 log10(e^logStrength), worked out here rather than by btToElo, the code that stored it
    for (const id of [t.r.x2, t.r.y2, t.r.z2]) expect(elo.get(id)!.value).toBeCloseTo(1500 + (400 * bt.get(id)!.value) / Math.LN10, 9);
    // people's pairs are not in a run fit
    expect(bt.has(t.r.u)).toBe(false);

    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "scores.fit", entityType: "dataset", entityId: String(t.datasetId) } });
    expect(audit.after).toMatchObject({ runId: t.runId, name: result.name, responses: 6 });
  });

  it("replaces the scores of the same name when fitted again, in batches smaller than a prompt", async () => {
    const t = await tournament();
    const first = await fitScores({ datasetId: t.datasetId, runId: t.runId, prior: 1 });
    // one row per FETCH and per INSERT: a prompt's labels span several fetches and must still be fitted together
    const second = await fitScores({ datasetId: t.datasetId, runId: t.runId, prior: 0 }, {}, { fetchRows: 1, insertRows: 1 });
    expect(second).toMatchObject({ responses: 6, labels: 5, prompts: 2, replaced: 12 });
    const { rows, bt } = await scoresOf(t.datasetId, first.name);
    expect(rows).toHaveLength(12);
    expect(bt.get(t.r.x1)!.value).toBeCloseTo(LN2, 8);
    expect(bt.get(t.r.z2)!.value).toBeCloseTo(-1.2904003, 6);
  });

  it("leaves the chart summaries fresh: a fit that made them stale rebuilds them, so no chart viewer waits for it", async () => {
    const t = await tournament();
    await fitScores({ datasetId: t.datasetId, runId: t.runId, prior: 1 });
    // what a fit at scale does (statements of more than 1,000 scores, or a re-fit deleting more
    // than 50): the triggers mark the summaries stale instead of following row by row
    await pgPool().query(`UPDATE "ChartSummaryState" SET stale = true WHERE name = 'charts'`);
    const result = await fitScores({ datasetId: t.datasetId, runId: t.runId, prior: 0 });
    const {
      rows: [state],
    } = await pgPool().query<{ stale: boolean }>(`SELECT stale FROM "ChartSummaryState" WHERE name = 'charts'`);
    expect(state.stale).toBe(false);
    // and the rebuilt summary holds the new fit: one Bradley-Terry score per fitted response
    const {
      rows: [summary],
    } = await pgPool().query<{ n: number }>(`SELECT coalesce(sum(n), 0)::int AS n FROM "ChartOutsideScore" WHERE "datasetId" = $1 AND name = $2 AND source = 'BRADLEY_TERRY'`, [
      t.datasetId,
      result.name,
    ]);
    expect(summary.n).toBe(result.responses);
  });

  it("fits people's current answers: A = 1, tie = 0.5; superseded answers, skips and flags left out", async () => {
    const t = await tournament();
    // reviewers on u vs v: A and a tie -> u won 1.5 of 2 -> s_u / s_v = 3 -> log-strengths +-ln(3) / 2
    const review = await fitScores({ datasetId: t.datasetId, humans: "review", prior: 0 });
    expect(review).toMatchObject({ name: "bt:human-review", responses: 2, labels: 2, prompts: 1 });
    const { bt, rows } = await scoresOf(t.datasetId, "bt:human-review");
    expect(bt.get(t.r.u)!.value).toBeCloseTo(Math.log(3) / 2, 8);
    expect(bt.get(t.r.v)!.value).toBeCloseTo(-Math.log(3) / 2, 8);
    expect(rows.every((s) => s.runId === null)).toBe(true);

    // with the imported hard label w never wins: no finite strength without a prior
    await expect(fitScores({ datasetId: t.datasetId, humans: "all", prior: 0 })).rejects.toThrow(/without a prior the fit does not exist for prompt \d+.*use a prior above 0/);
    const all = await fitScores({ datasetId: t.datasetId, humans: "all", prior: 1 });
    expect(all).toMatchObject({ name: "bt:human", responses: 3, labels: 3, prompts: 1 });
    const expected = bradleyTerry(
      [
        { a: "u", b: "v", pA: 1 },
        { a: "u", b: "v", pA: 0.5 },
        { a: "v", b: "w", pA: 1 },
      ],
      { prior: 1 },
    ).players;
    const fitted = (await scoresOf(t.datasetId, "bt:human")).bt;
    for (const player of expected) expect(fitted.get(t.r[player.id])!.value).toBeCloseTo(player.logStrength, 8);

    // the run and the people together: every response of the three prompts
    const both = await fitScores({ datasetId: t.datasetId, runId: t.runId, humans: "imported", prior: 1 });
    expect(both).toMatchObject({ name: `bt:run ${t.runId}+human-imported`, responses: 8, labels: 6, prompts: 3 });
  });

  it("refuses a run that is not a labeling run of the dataset, and a dataset that does not exist", async () => {
    const t = await tournament();
    const other = await tournament();
    await expect(fitScores({ datasetId: t.datasetId, runId: other.runId, prior: 1 })).rejects.toThrow(`runId: run ${other.runId} labeled another dataset`);
    const sl = await prisma.run.create({ data: { kind: "SL_CAI", datasetId: t.datasetId } });
    await expect(fitScores({ datasetId: t.datasetId, runId: sl.id, prior: 1 })).rejects.toThrow("is not a labeling run");
    await expect(fitScores({ datasetId: 2_000_000_000, humans: "all", prior: 1 })).rejects.toThrow("there is no dataset 2000000000");
  });
});

describe("POST /api/scores/fit", () => {
  it("fits for a reviewer and names what is missing", async () => {
    const t = await tournament();
    const { cookie, user } = await sessionFor("REVIEWER");
    const post = (body: unknown) =>
      POST(requestWithSession(cookie, "http://studio.test/api/scores/fit", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }));
    const answer = await post({ datasetId: t.datasetId, runId: t.runId });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ name: `bt:run ${t.runId}`, responses: 6, prompts: 2 });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "scores.fit", entityId: String(t.datasetId) } });
    expect(audit.userId).toBe(user.id);

    const missing = await post({ datasetId: t.datasetId });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toContain("name the labels to fit");
  });
});

describe("cai scores fit", () => {
  it("fits by dataset and run name, again without duplicates, and explains a wrong call", async () => {
    const t = await tournament();
    const first = await runCli(["scores", "fit", "--dataset", t.datasetName, "--run", t.runName, "--prior", "0"]);
    expect(first.stderr).not.toMatch(/scores fit:/);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      `Fitted "bt:run ${t.runId}" in dataset "${t.datasetName}": 6 responses scored (BRADLEY_TERRY and ELO) from 5 labels over 2 prompts, 0 earlier scores replaced`,
    );
    const again = await runCli(["scores", "fit", "--dataset", t.datasetName, "--run", String(t.runId), "--humans", "review"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Fitted "bt:run ${t.runId}+human-review"`);
    const { bt } = await scoresOf(t.datasetId, `bt:run ${t.runId}`);
    expect(bt.get(t.r.x1)!.value).toBeCloseTo(LN2, 8);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "scores.fit", entityId: String(t.datasetId) } });
    expect(audit.actor).toMatch(/^cli /);

    const noRun = await runCli(["scores", "fit", "--dataset", t.datasetName, "--run", "no-such-run"]);
    expect(noRun.code).toBe(1);
    expect(noRun.stderr).toContain('scores fit: --run: the dataset has no labeling run "no-such-run"');
    const usage = await runCli(["scores", "fit", "--dataset", t.datasetName]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("name the labels to fit");
    const badHumans = await runCli(["scores", "fit", "--dataset", t.datasetName, "--humans", "everyone"]);
    expect(badHumans.code).toBe(2);
  });
});
