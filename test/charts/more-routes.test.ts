import { afterAll, describe, expect, it } from "vitest";
import { GET as goodhart } from "@/app/api/charts/goodhart/route";
import { GET as phraseResponses } from "@/app/api/charts/goodhart/responses/route";
import { GET as scatter } from "@/app/api/charts/harmless-vs-helpful/route";
import { GET as principles } from "@/app/api/charts/principles/route";
import type { GoodhartData, PhraseResponsesData, PrincipleData, ScoreScatterData } from "@/lib/schemas/charts";
import { pgPool } from "@/lib/server/pg";
import { signedInRequests } from "../auth/sessions";

afterAll(() => pgPool().end());

// The principle, Goodhart and score-scatter endpoints as a viewer calls them.

const BASE = "http://studio.test";
const get = signedInRequests("VIEWER");

describe("GET /api/charts/principles", () => {
  it("answers empty data for a run that does not exist and names a parameter it cannot read", async () => {
    const answer = await principles(get(`${BASE}/api/charts/principles?run=2000000000&labelRun=2000000000`));
    expect(answer.status).toBe(200);
    const data = (await answer.json()) as PrincipleData;
    expect(data).toMatchObject({ query: { run: 2000000000, labelRun: 2000000000, score: "pm_score" }, changes: [], flips: [] });
    const bad = await principles(get(`${BASE}/api/charts/principles?source=GUESSED`));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^source:/);
  });
});

describe("GET /api/charts/harmless-vs-helpful", () => {
  it("answers no pairs for a scope without scores and names a parameter it cannot read", async () => {
    const pairs = (await (await scatter(get(`${BASE}/api/charts/harmless-vs-helpful?run=2000000000`))).json()) as ScoreScatterData;
    expect(pairs).toMatchObject({ query: { x: "harmlessness", y: "helpfulness" }, pairs: 0, points: [] });
    expect((await scatter(get(`${BASE}/api/charts/harmless-vs-helpful?xSource=GUESSED`))).status).toBe(400);
  });
});

describe("GET /api/charts/goodhart and /goodhart/responses", () => {
  it("answers empty data for a scope without chains", async () => {
    const signals = (await (await goodhart(get(`${BASE}/api/charts/goodhart?run=2000000000&sample=50`))).json()) as GoodhartData;
    expect(signals).toMatchObject({ query: { run: 2000000000, sample: 50, maxN: 4 }, revisions: [], phrases: [] });
    const found = (await (await phraseResponses(get(`${BASE}/api/charts/goodhart/responses?phrase=${encodeURIComponent("you are valid")}&run=2000000000`))).json()) as PhraseResponsesData;
    expect(found).toMatchObject({ responses: [], limit: 50 });
  });

  it("compares runs when asked, and refuses a grouping it does not know", async () => {
    const byRun = (await (await goodhart(get(`${BASE}/api/charts/goodhart?by=run&dataset=2000000000`))).json()) as GoodhartData;
    expect(byRun).toMatchObject({ query: { by: "run", dataset: 2000000000 }, runs: [], revisions: [], phrases: [] });
    const wrong = await goodhart(get(`${BASE}/api/charts/goodhart?by=principle`));
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/^by:/);
  });

  it("names a parameter it cannot read", async () => {
    expect((await goodhart(get(`${BASE}/api/charts/goodhart?sample=5000`))).status).toBe(400);
    const noPhrase = await phraseResponses(get(`${BASE}/api/charts/goodhart/responses`));
    expect(noPhrase.status).toBe(400);
    expect(((await noPhrase.json()) as { error: string }).error).toMatch(/^phrase:/);
  });
});
