import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { updateEndpointSchema } from "@/lib/schemas/endpoints";
import { prisma } from "@/lib/server/db";
import { endpointConfig } from "@/lib/server/endpoints/config";
import { createEndpoint, deleteEndpoint, updateEndpoint } from "@/lib/server/endpoints/mutations";
import { getEndpoint, listEndpoints } from "@/lib/server/endpoints/queries";
import { ConflictError, UserError } from "@/lib/server/errors";
import { pgPool } from "@/lib/server/pg";
import { TEST_API_KEY } from "../fake-llm/endpoints";
import { endpointInput, uniqueName, useSecretKey } from "./helpers";

afterEach(() => vi.unstubAllEnvs());
afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

async function storedBytes(id: number): Promise<Buffer | null> {
  const { rows } = await pgPool().query<{ apiKeyCiphertext: Buffer | null }>(`SELECT "apiKeyCiphertext" FROM "ModelEndpoint" WHERE id = $1`, [id]);
  return rows[0].apiKeyCiphertext;
}

describe("endpoints service", () => {
  it("stores a typed key encrypted, shows only that one is stored, and decrypts it for the worker", async () => {
    useSecretKey();
    const view = await createEndpoint(endpointInput({ apiKey: { source: "stored", value: TEST_API_KEY }, params: { temperature: 0.2, stop: ["\n\nHuman:"] } }));
    expect(view.key).toEqual({ source: "stored" });
    expect(view.supportsLogprobs).toBeNull();
    expect(view.params).toEqual({ temperature: 0.2, stop: ["\n\nHuman:"] });
    const bytes = await storedBytes(view.id);
    expect(bytes?.toString("latin1")).not.toContain(TEST_API_KEY);
    expect(JSON.stringify(await getEndpoint(view.id, "ADMIN"))).not.toContain(TEST_API_KEY);
    expect(JSON.stringify(await listEndpoints("ADMIN"))).not.toContain(TEST_API_KEY);

    const resolved = await endpointConfig(view.id);
    expect(resolved).toMatchObject({
      id: view.id,
      name: view.name,
      config: { kind: "OPENAI_COMPATIBLE", model: "fake-chat", apiKey: TEST_API_KEY, maxConcurrency: 8, requestsPerMinute: null, params: { temperature: 0.2 } },
    });
  });

  it("refuses to store a key without CAI_SECRET_KEY, and says to set it or name a variable", async () => {
    useSecretKey("");
    const name = uniqueName("no-secret");
    const attempt = createEndpoint(endpointInput({ name, apiKey: { source: "stored", value: TEST_API_KEY } }));
    await expect(attempt).rejects.toThrow(UserError);
    await expect(attempt).rejects.toThrow(/CAI_SECRET_KEY.*name of an environment variable/s);
    expect(await prisma.modelEndpoint.count({ where: { name } })).toBe(0);
  });

  it("reads a key from the named environment variable, and names the variable when it is unset", async () => {
    const variable = `CAI_TEST_KEY_${Date.now()}`;
    const view = await createEndpoint(endpointInput({ apiKey: { source: "env", env: variable } }));
    expect(view.key).toEqual({ source: "env", env: variable, isSet: false });
    await expect(endpointConfig(view.id)).rejects.toThrow(new RegExp(`environment variable ${variable}, which is not set`));
    vi.stubEnv(variable, TEST_API_KEY);
    expect((await endpointConfig(view.id)).config.apiKey).toBe(TEST_API_KEY);
    expect((await getEndpoint(view.id, "ADMIN")).key).toEqual({ source: "env", env: variable, isSet: true });
  });

  it("keeps a stored key on an edit that sends none, and drops it when the source changes", async () => {
    useSecretKey();
    const view = await createEndpoint(endpointInput({ apiKey: { source: "stored", value: TEST_API_KEY } }));
    const edit = (overrides: Record<string, unknown>) =>
      updateEndpointSchema.parse({ name: view.name, kind: view.kind, model: view.model, params: {}, maxConcurrency: 3, requestsPerMinute: 60, ...overrides });
    await prisma.modelEndpoint.update({ where: { id: view.id }, data: { supportsLogprobs: true } });

    const kept = await updateEndpoint(view.id, edit({ apiKey: { source: "stored" } }));
    expect(kept).toMatchObject({ maxConcurrency: 3, requestsPerMinute: 60, key: { source: "stored" }, supportsLogprobs: true });
    expect((await endpointConfig(view.id)).config.apiKey).toBe(TEST_API_KEY);

    const otherModel = await updateEndpoint(view.id, edit({ model: "another-model", apiKey: { source: "stored" } }));
    expect(otherModel.supportsLogprobs).toBeNull(); // a different model: untested again

    const toEnv = await updateEndpoint(view.id, edit({ apiKey: { source: "env", env: "SOME_KEY" } }));
    expect(toEnv.key).toMatchObject({ source: "env", env: "SOME_KEY" });
    expect(await storedBytes(view.id)).toBeNull();
    await expect(updateEndpoint(view.id, edit({ apiKey: { source: "stored" } }))).rejects.toThrow(/apiKey\.value: this endpoint has no stored key/);
  });

  it("refuses a second endpoint of the same name, naming the field", async () => {
    const first = await createEndpoint(endpointInput());
    await expect(createEndpoint(endpointInput({ name: first.name }))).rejects.toThrow(ConflictError.about("name", `an endpoint named "${first.name}" already exists`));
  });

  it("deletes an unused endpoint but refuses one that runs used, saying why", async () => {
    const unused = await createEndpoint(endpointInput());
    await deleteEndpoint(unused.id);
    expect(await prisma.modelEndpoint.findUnique({ where: { id: unused.id } })).toBeNull();

    const used = await createEndpoint(endpointInput());
    const run = await prisma.run.create({ data: { kind: "SL_CAI", endpointId: used.id } });
    await expect(deleteEndpoint(used.id)).rejects.toThrow(new RegExp(`cannot be deleted: runs used it \\(#${run.id}\\)`));
    expect((await getEndpoint(used.id, "ADMIN")).runs).toBe(1);
  });
});

describe("endpoint schema", () => {
  it("refuses temperature and top_p for Anthropic, on the field, saying why", () => {
    const result = updateEndpointSchema.safeParse({ name: "a", kind: "ANTHROPIC", model: "claude", params: { temperature: 0.5, topP: 1 }, apiKey: { source: "none" } });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    expect(result.error?.issues[0]).toMatchObject({ path: ["params", "temperature"], message: expect.stringMatching(/no longer accepts temperature/) });
  });

  it("refuses a base URL that carries credentials", () => {
    const result = updateEndpointSchema.safeParse({ name: "a", kind: "OPENAI_COMPATIBLE", model: "m", baseUrl: "https://user:sk-secret@api.example.com/v1", apiKey: { source: "none" } });
    expect(result.error?.issues[0]).toMatchObject({ path: ["baseUrl"], message: expect.stringMatching(/put the API key in the key field/) });
  });
});

describe("endpoint schema on text that is not a URL", () => {
  it("says what a base URL must look like, without throwing", () => {
    const result = updateEndpointSchema.safeParse({ name: "a", kind: "OPENAI_COMPATIBLE", model: "m", baseUrl: "not a url", apiKey: { source: "none" } });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(["must be an http:// or https:// URL, e.g. http://127.0.0.1:8000/v1"]);
  });
});
