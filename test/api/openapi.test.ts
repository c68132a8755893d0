import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { GET as openApiRoute } from "@/app/api/openapi.json/route";
import { createApiToken } from "@/lib/server/auth/api-tokens";
import { createSlRun } from "@/lib/server/runs/kinds/sl";
import { slRunRequestSchema } from "@/lib/schemas/runs";
import { generateContract } from "@/scripts/api-contract/generate";
import { endpointFor, fixtureConstitution, importedDataset, waitForRun, workerTestbed } from "../runs/harness";
import { makeUser } from "../auth/sessions";

// The OpenAPI document (/api/openapi.json) against the code it describes: it is generated from the
// route files as they are now, every route file and method on disk is in it, and the answers of a
// studio with a finished run validate against the schemas it gives (each route called for real,
// with an API token, as a script would).

const ROOT = path.resolve(import.meta.dirname, "../..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const { provider, startWorker } = workerTestbed();

type Json = Record<string, unknown>;
interface Operation {
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: Json;
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
  security?: unknown[];
  "x-minimum-role"?: string;
}
let document: { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Json> } };

beforeAll(async () => {
  const response = await openApiRoute(new Request("http://studio.test/api/openapi.json"));
  expect(response.status).toBe(200);
  document = (await response.json()) as typeof document;
});

function routesOnDisk(dir = path.join(ROOT, "app/api")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routesOnDisk(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** The answer's schema as a zod validator (zod reads JSON Schema back). */
function answerValidator(operation: Operation): z.ZodType {
  const [status, answer] = Object.entries(operation.responses)[0]!;
  expect(Number(status)).toBeLessThan(300);
  const schema = answer.content?.["application/json"]?.schema;
  if (!schema) throw new Error("this operation answers no JSON");
  return z.fromJSONSchema(schema as never);
}

describe("the OpenAPI document", () => {
  it("is what the route files say now (npm run api:contract writes it)", () => {
    expect(generateContract() === readFileSync(path.join(ROOT, "lib/generated/api/contract.ts"), "utf8"), "lib/generated/api/contract.ts is stale: run npm run api:contract").toBe(true);
  }, 120_000);

  it("describes every route file on disk and each method it exports, with its role", async () => {
    expect(document.openapi).toBe("3.1.0");
    const missing: string[] = [];
    let count = 0;
    for (const file of routesOnDisk()) {
      const apiPath = `/${path
        .relative(path.join(ROOT, "app"), path.dirname(file))
        .split(path.sep)
        .map((segment) => segment.replace(/^\[(?:\.\.\.)?(\w+)\]$/, "{$1}"))
        .join("/")}`;
      const handlers = (await import(file)) as Record<string, unknown>;
      for (const method of METHODS.filter((m) => typeof handlers[m] === "function")) {
        count += 1;
        const operation = document.paths[apiPath]?.[method.toLowerCase()];
        if (!operation) missing.push(`${method} ${apiPath}`);
        else if (!operation.security && !operation["x-minimum-role"]) missing.push(`${method} ${apiPath}: no role`);
      }
    }
    expect(missing).toEqual([]);
    expect(count).toBeGreaterThanOrEqual(80);
    expect(document.paths["/api/runs"]!.post!.requestBody).toBeDefined();
    expect(document.paths["/api/runs/{id}/pause"]!.post!["x-minimum-role"]).toBe("REVIEWER");
    expect(document.paths["/api/runs"]!.get!.parameters.map((p) => p.name)).toContain("before");
    // the error shape every failure answers
    expect(document.components.schemas.ApiError).toMatchObject({ type: "object", required: ["error", "fields"] });
  });

  it("gives schemas that the answers of a studio with a finished run validate against", async () => {
    const server = await provider();
    const [dataset, constitution, endpointId, reviewer] = await Promise.all([importedDataset(), fixtureConstitution(), endpointFor(server), makeUser("ADMIN")]);
    await startWorker();
    const { runId } = await createSlRun(slRunRequestSchema.parse({ datasetId: dataset.id, endpointId, constitutionVersionId: constitution.versionId, revisions: 1 }));
    expect(await waitForRun(runId, ["SUCCEEDED", "FAILED"])).toBe("SUCCEEDED");
    const { secret } = await createApiToken({ name: "contract walk", role: "ADMIN", expiresInDays: 1 }, reviewer);

    const values: Record<string, string> = { datasetId: String(dataset.id), dataset: String(dataset.id), runId: String(runId), endpointId: String(endpointId) };
    const idFor = (apiPath: string) => (apiPath.startsWith("/api/endpoints") ? endpointId : apiPath.startsWith("/api/runs") ? runId : null);
    const validated: string[] = [];
    const refused: string[] = [];
    const wrong: string[] = [];
    for (const [apiPath, methods] of Object.entries(document.paths)) {
      const operation = methods.get;
      if (!operation?.responses["200"]?.content?.["application/json"]?.schema || apiPath.startsWith("/api/auth")) continue;
      const id = idFor(apiPath);
      if (apiPath.includes("{") && (id === null || (apiPath.match(/\{/g) ?? []).length > 1)) continue;
      const query = operation.parameters.filter((p) => p.in === "query" && p.required && values[p.name]).map((p) => `${p.name}=${values[p.name]}`);
      if (operation.parameters.some((p) => p.in === "query" && p.required && !values[p.name])) continue;
      const url = `http://studio.test${apiPath.replace(/\{\w+\}/, String(id))}${query.length ? `?${query.join("&")}` : ""}`;
      const route = (await import(path.join(ROOT, "app", apiPath.replace(/\{(\w+)\}/g, "[$1]"), "route.ts"))) as { GET: (r: Request, c: unknown) => Promise<Response> };
      const response = await route.GET(new Request(url, { headers: { authorization: `Bearer ${secret}` } }), { params: Promise.resolve({ id: String(id) }) });
      // a route that needs other data (a labeling run, a comparison) refuses this input: nothing to validate
      if (response.status !== 200) {
        refused.push(`GET ${apiPath}: ${response.status}`);
        continue;
      }
      const checked = answerValidator(operation).safeParse(await response.json());
      if (checked.success) validated.push(`GET ${apiPath}`);
      else wrong.push(`GET ${apiPath}: ${checked.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
    }
    expect(wrong).toEqual([]);
    expect(validated).toEqual(expect.arrayContaining(["GET /api/runs", "GET /api/runs/{id}", "GET /api/runs/{id}/items", "GET /api/prompts", "GET /api/endpoints", "GET /api/tokens"]));
    expect(validated.length).toBeGreaterThanOrEqual(15);
    expect(
      refused.every((line) => / (400|404)$/.test(line)),
      refused.join("\n"),
    ).toBe(true);

    // and one change: a token's creation answer (the JSON a script reads its secret from)
    const created = JSON.parse(JSON.stringify(await createApiToken({ name: "answer check", role: "VIEWER", expiresInDays: 1 }, reviewer))) as unknown;
    expect(answerValidator(document.paths["/api/tokens"]!.post!).safeParse(created).success).toBe(true);
    // a validator that cannot fail proves nothing: a wrong answer is refused
    expect(answerValidator(document.paths["/api/tokens"]!.post!).safeParse({ secret: 1 }).success).toBe(false);
  }, 120_000);
});
