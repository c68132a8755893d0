import { afterAll, describe, expect, it } from "vitest";
import { GET as calibration } from "@/app/api/charts/calibration/route";
import { GET as pmByRevision } from "@/app/api/charts/pm-by-revision/route";
import { GET as positionBias } from "@/app/api/charts/position-bias/route";
import { GET as softLabels } from "@/app/api/charts/soft-labels/route";
import type { PositionBiasData, SoftLabelData } from "@/lib/schemas/charts";
import { pgPool } from "@/lib/server/pg";
import { signedInRequests } from "../auth/sessions";
import { verdictWorld } from "../review/fixtures";

afterAll(() => pgPool().end());

// The chart data endpoints as a viewer calls them: the query parsed from the URL (a wrong value
// is a 400 naming the field), the aggregated answer as JSON.

const BASE = "http://studio.test";
const get = signedInRequests("VIEWER");

describe("GET /api/charts/*", () => {
  it("answers a viewer with the aggregated data of the query in the URL", async () => {
    const world = await verdictWorld([
      { pAUsed: 0.6, pA: 0.9 },
      { pAUsed: 0.45, pA: 0.2 },
    ]);
    const answer = await softLabels(get(`${BASE}/api/charts/soft-labels?run=${world.runId}&bins=4&margin=0.2`));
    expect(answer.status).toBe(200);
    const data = (await answer.json()) as SoftLabelData;
    expect(data.query).toEqual({ run: world.runId, bins: 4, margin: 0.2 });
    expect(data.bins.map((b) => [b.raw, b.used])).toEqual([
      [1, 0],
      [0, 1],
      [0, 1],
      [1, 0],
    ]);
    expect(data.confidentShare).toEqual({ raw: 1, used: 0 });
  });

  it("answers empty data, not an error, for runs and datasets that do not exist", async () => {
    for (const [route, path] of [
      [pmByRevision, "pm-by-revision"],
      [softLabels, "soft-labels"],
      [calibration, "calibration"],
      [positionBias, "position-bias"],
    ] as const) {
      const answer = await route(get(`${BASE}/api/charts/${path}?run=2000000000&dataset=2000000000`));
      expect(answer.status, path).toBe(200);
    }
    const data = (await (await positionBias(get(`${BASE}/api/charts/position-bias?run=2000000000`))).json()) as PositionBiasData;
    expect(data.overall.pairs).toBe(0);
  });

  it("names a parameter it cannot read", async () => {
    const answer = await calibration(get(`${BASE}/api/charts/calibration?humans=ROBOTS`));
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string }).error).toMatch(/^humans:/);
    expect((await softLabels(get(`${BASE}/api/charts/soft-labels?bins=1`))).status).toBe(400);
    expect((await pmByRevision(get(`${BASE}/api/charts/pm-by-revision?split=sideways`))).status).toBe(400);
  });
});
