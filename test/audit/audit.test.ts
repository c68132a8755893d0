import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createEndpointSchema, updateEndpointSchema } from "@/lib/schemas/endpoints";
import { slRunRequestSchema } from "@/lib/schemas/runs";
import { listAudit, auditQuerySchema } from "@/lib/server/audit/list";
import { prisma } from "@/lib/server/db";
import { createEndpoint, updateEndpoint } from "@/lib/server/endpoints/mutations";
import { importFile } from "@/lib/server/imports/import-file";
import { makePairs } from "@/lib/server/labels/pairs";
import { pgPool } from "@/lib/server/pg";
import { cancelRun, pauseRun, resumeRun } from "@/lib/server/runs/control";
import { createSlRun } from "@/lib/server/runs/kinds/sl";
import { FIXTURES, uniqueName } from "../imports/helpers";
import { fixtureConstitution } from "../runs/harness";

afterAll(() => pgPool().end());

const query = (q: Record<string, unknown>) => auditQuerySchema.parse(q);

describe("the audit trail", () => {
  it("records who imported, made pairs, started and steered a run, with before and after", async () => {
    const user = await prisma.user.create({ data: { email: `${uniqueName("alice")}@test`, role: "ADMIN" } });
    const by = { userId: user.id };
    const dataset = uniqueName("audited");
    const imported = await importFile({ path: path.join(FIXTURES, "sl-chains.jsonl"), fileName: "sl-chains.jsonl", dataset, userId: user.id });
    await makePairs({ mode: "chain", datasetId: imported.dataset!.id, points: "initial-final" }, by);
    const { versionId } = await fixtureConstitution();
    const endpoint = await createEndpoint(
      createEndpointSchema.parse({ name: uniqueName("judge"), kind: "OPENAI_COMPATIBLE", baseUrl: "http://127.0.0.1:9/v1", model: "m", apiKey: { source: "none" } }),
      by,
    );
    const { runId } = await createSlRun(slRunRequestSchema.parse({ datasetId: imported.dataset!.id, endpointId: endpoint.id, constitutionVersionId: versionId }), user.id);
    await pauseRun(runId, by);
    await resumeRun(runId, by);
    await cancelRun(runId, by);

    const { rows } = await listAudit(query({ who: user.id }));
    expect(rows.map((r) => r.action)).toEqual(["run.cancel", "run.resume", "run.pause", "run.start", "endpoint.create", "pairs.make", "import.create"]);
    expect(rows.every((r) => r.who === user.email)).toBe(true);
    expect(rows.find((r) => r.action === "pairs.make")?.after).toMatchObject({ created: 3, existing: 0 });
    expect(rows.find((r) => r.action === "import.create")?.after).toMatchObject({ fileName: "sl-chains.jsonl", dataset, promptsNew: 3 });

    const runOnly = await listAudit(query({ action: "run.", entityType: "run", entityId: String(runId) }));
    expect(runOnly.rows).toHaveLength(4);
  });

  it("keeps an endpoint's key out of the trail, saying only where the key comes from", async () => {
    process.env.CAI_SECRET_KEY = "0".repeat(64);
    const user = await prisma.user.create({ data: { email: `${uniqueName("bob")}@test`, role: "ADMIN" } });
    const key = "sk-live-should-never-appear-1234567890";
    const input = { name: uniqueName("keyed"), kind: "OPENAI_COMPATIBLE", baseUrl: "http://127.0.0.1:9/v1", model: "m" };
    const endpoint = await createEndpoint(createEndpointSchema.parse({ ...input, apiKey: { source: "stored", value: key } }), { userId: user.id });
    await updateEndpoint(endpoint.id, updateEndpointSchema.parse({ ...input, model: "m2", apiKey: { source: "stored", value: `${key}-2` } }), { userId: user.id });
    const { rows } = await listAudit(query({ entityType: "endpoint", entityId: String(endpoint.id) }));
    expect(rows.map((r) => r.action)).toEqual(["endpoint.update", "endpoint.create"]);
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(rows[0].after).toMatchObject({ model: "m2", key: "stored (new)" });
    expect(rows[0].before).toMatchObject({ model: "m" });
  });

  it("names the command line as the actor when no one is signed in", async () => {
    process.env.CAI_ACTOR = "cli tester@box";
    try {
      const dataset = uniqueName("cli-audited");
      const imported = await importFile({ path: path.join(FIXTURES, "prompts.jsonl"), fileName: "prompts.jsonl", dataset });
      const { rows } = await listAudit(query({ who: "cli tester@box", entityId: String(imported.importId) }));
      expect(rows).toEqual([expect.objectContaining({ action: "import.create", who: "cli tester@box", userId: null })]);
    } finally {
      delete process.env.CAI_ACTOR;
    }
  });
});
