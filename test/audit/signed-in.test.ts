import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as endpointsRoute from "@/app/api/endpoints/route";
import * as pairsRoute from "@/app/api/pairs/route";
import * as pauseRoute from "@/app/api/runs/[id]/pause/route";
import * as runsRoute from "@/app/api/runs/route";
import { auditQuerySchema, listAudit } from "@/lib/server/audit/list";
import { importFile } from "@/lib/server/imports/import-file";
import { pgPool } from "@/lib/server/pg";
import { requestWithSession, sessionFor } from "../auth/sessions";
import { FIXTURES, uniqueName } from "../imports/helpers";
import { fixtureConstitution } from "../runs/harness";

// What people do through the studio's pages is on the trail under their own names: the route
// handlers hand the signed-in person to the services that record the audit entries.

afterAll(() => pgPool().end());

const BASE = "http://localhost:3000";

function post(cookie: string, url: string, body?: unknown): Request {
  return requestWithSession(cookie, `${BASE}${url}`, { method: "POST", headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
}

describe("the audit trail of signed-in people", () => {
  it("names the admin who added an endpoint and the reviewer who made pairs, started and paused a run", async () => {
    const admin = await sessionFor("ADMIN");
    const reviewer = await sessionFor("REVIEWER");
    const imported = await importFile({ path: path.join(FIXTURES, "sl-chains.jsonl"), fileName: "sl-chains.jsonl", dataset: uniqueName("by-people") });
    const datasetId = imported.dataset!.id;
    const { versionId } = await fixtureConstitution();

    const endpoint = await endpointsRoute.POST(post(admin.cookie, "/api/endpoints", { name: uniqueName("judge"), kind: "OPENAI_COMPATIBLE", baseUrl: "http://127.0.0.1:9/v1", model: "m" }));
    expect(endpoint.status, await endpoint.clone().text()).toBe(201);
    const endpointId = ((await endpoint.json()) as { id: number }).id;

    const pairs = await pairsRoute.POST(post(reviewer.cookie, "/api/pairs", { mode: "chain", datasetId, points: "initial-final" }));
    expect(pairs.status, await pairs.clone().text()).toBe(200);
    const run = await runsRoute.POST(post(reviewer.cookie, "/api/runs", { datasetId, endpointId, constitutionVersionId: versionId }));
    expect(run.status, await run.clone().text()).toBe(201);
    const { runId } = (await run.json()) as { runId: number };
    const paused = await pauseRoute.POST(post(reviewer.cookie, `/api/runs/${runId}/pause`), { params: Promise.resolve({ id: String(runId) }) });
    expect(paused.status, await paused.clone().text()).toBeLessThan(300);

    const byAdmin = await listAudit(auditQuerySchema.parse({ who: admin.user.id }));
    expect(byAdmin.rows.map((row) => [row.action, row.who])).toEqual([["endpoint.create", admin.user.email]]);
    const byReviewer = await listAudit(auditQuerySchema.parse({ who: reviewer.user.id }));
    expect(byReviewer.rows.map((row) => [row.action, row.who])).toEqual([
      ["run.pause", reviewer.user.email],
      ["run.start", reviewer.user.email],
      ["pairs.make", reviewer.user.email],
    ]);
  });
});
