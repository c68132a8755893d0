import { afterAll, describe, expect, it } from "vitest";
import { GET as listRoute, POST as createRoute } from "@/app/api/exports/route";
import { GET as readRoute, PUT as updateRoute } from "@/app/api/exports/[id]/route";
import { POST as previewRoute } from "@/app/api/exports/preview/route";
import { GET as runsRoute, POST as startRunRoute } from "@/app/api/exports/[id]/runs/route";
import { GET as runRoute } from "@/app/api/export-runs/[id]/route";
import { GET as fileRoute } from "@/app/api/export-runs/[id]/files/[name]/route";
import { newExportValues, toRequestInput, valuesOf } from "@/components/exports/form/export-form-values";
import { listAudit } from "@/lib/server/audit/list";
import { prisma } from "@/lib/server/db";
import { exportRequestSchema } from "@/lib/schemas/exports";
import type { ExportRunSummary, ExportSummary } from "@/lib/server/exports/definitions";
import { pgPool } from "@/lib/server/pg";
import { requestWithSession, sessionFor } from "../auth/sessions";
import { uniqueName } from "../imports/helpers";
import { importedDataset } from "../runs/harness";

// The export API as the browser uses it: who may do what (reviewers and admins define, preview and
// run; viewers read and download), what a bad definition is told (the field), what a missing export
// or run answers, and the form's values turned into the request the API takes and back.

const BASE = "http://studio.test";
const send = (cookie: string, url: string, method: string, body?: unknown) =>
  requestWithSession(cookie, `${BASE}${url}`, body === undefined ? { method } : { method, body: JSON.stringify(body), headers: { "content-type": "application/json" } });
const params = <T>(value: T) => ({ params: Promise.resolve(value) });

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

describe("the export API", () => {
  it("lets a reviewer define, change and run an export, and a viewer read it and follow the run", async () => {
    const [reviewer, viewer] = await Promise.all([sessionFor("REVIEWER"), sessionFor("VIEWER")]);
    const dataset = await importedDataset("sl-chains.jsonl");
    const name = uniqueName("api export");
    const created = await createRoute(send(reviewer.cookie, "/api/exports", "POST", { name, layout: "SFT", fileType: "CSV", definition: { datasetIds: [dataset.id] } }));
    expect(created.status).toBe(201);
    const saved = (await created.json()) as ExportSummary;
    expect(saved).toMatchObject({ name, layout: "SFT", fileType: "CSV", createdBy: reviewer.user.email, lastRun: null });
    expect(saved.definition).toMatchObject({ datasetIds: [dataset.id], revision: "final", excludeFlagged: true });

    // the same name again is a conflict on the name field
    const again = await createRoute(send(reviewer.cookie, "/api/exports", "POST", { name, layout: "SFT", fileType: "CSV" }));
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toMatch(/^name: /);

    const changed = await updateRoute(
      send(reviewer.cookie, `/api/exports/${saved.id}`, "PUT", { name, layout: "SFT", fileType: "JSONL", definition: { datasetIds: [dataset.id], revision: 1 } }),
      params({ id: String(saved.id) }),
    );
    expect(changed.status).toBe(200);
    const read = await readRoute(send(viewer.cookie, `/api/exports/${saved.id}`, "GET"), params({ id: String(saved.id) }));
    expect(await read.json()).toMatchObject({ id: saved.id, fileType: "JSONL", definition: { revision: 1 } });
    const listed = (await (await listRoute(send(viewer.cookie, "/api/exports", "GET"))).json()) as ExportSummary[];
    expect(listed.find((row) => row.id === saved.id)).toMatchObject({ name, createdBy: reviewer.user.email });

    const started = await startRunRoute(send(reviewer.cookie, `/api/exports/${saved.id}/runs`, "POST"), params({ id: String(saved.id) }));
    expect(started.status).toBe(201);
    const { exportRunId } = (await started.json()) as { exportRunId: number };
    const runs = (await (await runsRoute(send(viewer.cookie, `/api/exports/${saved.id}/runs`, "GET"), params({ id: String(saved.id) }))).json()) as ExportRunSummary[];
    expect(runs.map((run) => run.id)).toEqual([exportRunId]);
    const run = (await (await runRoute(send(viewer.cookie, `/api/export-runs/${exportRunId}`, "GET"), params({ id: String(exportRunId) }))).json()) as ExportRunSummary;
    // the run took the definition as it was when it started
    expect(run).toMatchObject({ status: "QUEUED", exportId: saved.id, fileType: "JSONL", definition: { revision: 1 }, createdBy: reviewer.user.email, manifest: null });
    // a job waits for it on the export queue
    const { rows: jobs } = await pgPool().query(`SELECT 1 FROM pgboss.job WHERE name = 'export-run' AND state = 'created' AND data->>'exportRunId' = $1`, [String(exportRunId)]);
    expect(jobs).toHaveLength(1);
    // not finished: nothing to download yet
    const early = await fileRoute(send(viewer.cookie, `/api/export-runs/${exportRunId}/files/sft.jsonl`, "GET"), params({ id: String(exportRunId), name: "sft.jsonl" }));
    expect(early.status).toBe(404);

    const audit = await listAudit({ who: reviewer.user.id, limit: 10 });
    expect(audit.rows.map((row) => row.action).sort()).toEqual(["export.create", "export.run", "export.update"]);
    // left queued, it would be written by another test file's export worker
    await pgPool().query(`DELETE FROM "ExportRun" WHERE id = $1`, [exportRunId]);
  });

  it("refuses viewers the changes and names the field a bad definition got wrong", async () => {
    const [reviewer, viewer] = await Promise.all([sessionFor("REVIEWER"), sessionFor("VIEWER")]);
    const viewerTry = await createRoute(send(viewer.cookie, "/api/exports", "POST", { name: uniqueName("viewer"), layout: "SFT", fileType: "JSONL" }));
    expect(viewerTry.status).toBe(403);
    const viewerPreview = await previewRoute(send(viewer.cookie, "/api/exports/preview", "POST", { layout: "SFT" }));
    expect(viewerPreview.status).toBe(403);

    const bad = await createRoute(send(reviewer.cookie, "/api/exports", "POST", { name: uniqueName("bad"), layout: "PREFERENCE", fileType: "JSONL", definition: { minConfidence: 0.7 } }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^definition\.minConfidence: /);
    // a preview refuses what saving would: H4 pairs a critique with its revision, so not revision 0
    const h4 = await previewRoute(send(reviewer.cookie, "/api/exports/preview", "POST", { layout: "H4_CAI", definition: { revision: 0 } }));
    expect(h4.status).toBe(400);
    expect(((await h4.json()) as { error: string }).error).toMatch(/^definition\.revision: /);
  });

  it("answers 404 for an export or a run that does not exist", async () => {
    const reviewer = await sessionFor("REVIEWER");
    const missing = { id: "2000000000" };
    expect((await readRoute(send(reviewer.cookie, "/api/exports/2000000000", "GET"), params(missing))).status).toBe(404);
    expect((await runsRoute(send(reviewer.cookie, "/api/exports/2000000000/runs", "GET"), params(missing))).status).toBe(404);
    expect((await startRunRoute(send(reviewer.cookie, "/api/exports/2000000000/runs", "POST"), params(missing))).status).toBe(404);
    expect((await runRoute(send(reviewer.cookie, "/api/export-runs/2000000000", "GET"), params(missing))).status).toBe(404);
    const update = await updateRoute(send(reviewer.cookie, "/api/exports/2000000000", "PUT", { name: uniqueName("x"), layout: "SFT", fileType: "JSONL" }), params(missing));
    expect(update.status).toBe(404);
  });
});

describe("the export form's values", () => {
  it("start from the schema's defaults with the paper's boilerplate suggested, and parse into a valid request", () => {
    const values = { ...newExportValues(), name: "sft, final answers" };
    expect(values.excludePhrases).toBe("you are valid, valued, and cared for");
    const parsed = exportRequestSchema.parse(toRequestInput(values));
    expect(parsed.definition).toEqual(exportRequestSchema.shape.definition.parse({ excludePhrases: ["you are valid, valued, and cared for"] }));
  });

  it("give back a saved definition unchanged after a round trip through the form", () => {
    const saved = exportRequestSchema.parse({
      name: "prefs",
      layout: "H4_CAI",
      fileType: "PARQUET",
      definition: {
        datasetIds: [3, 5],
        runIds: [8],
        constitutionVersionId: 2,
        endpointId: 4,
        principleKeys: ["harm", "tone"],
        revision: 2,
        minConfidence: 0.25,
        humanReviewedOnly: true,
        humanWins: false,
        excludeFlips: true,
        excludeFlagged: false,
        excludeEvasive: true,
        excludePhrases: ["as an AI", "I cannot help"],
        testFraction: 0.2,
        seed: 7,
      },
    });
    expect(exportRequestSchema.parse(toRequestInput(valuesOf(saved)))).toEqual(saved);
    for (const revision of ["final", "all"] as const) {
      const other = exportRequestSchema.parse({ ...saved, definition: { ...saved.definition, revision } });
      expect(exportRequestSchema.parse(toRequestInput(valuesOf(other)))).toEqual(other);
    }
  });

  it("leave a blank revision index for the schema to refuse, beside its field", () => {
    const values = { ...newExportValues(), name: "x", revisionMode: "index" as const, revisionIndex: "" };
    const result = exportRequestSchema.safeParse(toRequestInput(values));
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(["definition", "revision"]);
  });
});
