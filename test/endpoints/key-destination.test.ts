import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as endpointRoute from "@/app/api/endpoints/[id]/route";
import * as listRoute from "@/app/api/endpoints/route";
import * as draftRoute from "@/app/api/endpoints/test-draft/route";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { requestWithSession, sessionFor, type TestSession } from "../auth/sessions";
import { startFakeLlmServer, type FakeLlmServer } from "../fake-llm";
import { uniqueName, useSecretKey } from "./helpers";

// Where keys may go (issue 12, finding 6): a stored key only to the host it was saved for, never
// one of the server's own secrets as "the key", and a viewer learns nothing of the server's
// environment from the endpoint list. Two fake servers: the endpoint's own, and the one an admin
// (or someone with an admin's session) would like the key sent to.

const KEY = "sk-stored-3c5e7a9b1d2f4e6a8c0b";
let home: FakeLlmServer;
let elsewhere: FakeLlmServer;
let admin: TestSession;
let viewer: TestSession;

beforeAll(async () => {
  [home, elsewhere, admin, viewer] = await Promise.all([
    startFakeLlmServer({ reply: () => "Home.", requireApiKey: KEY }),
    startFakeLlmServer({ reply: () => "Elsewhere." }),
    sessionFor("ADMIN"),
    sessionFor("VIEWER"),
  ]);
});
afterEach(() => vi.unstubAllEnvs());
afterAll(async () => {
  await Promise.all([home.close(), elsewhere.close()]);
  await prisma.$disconnect();
  await pgPool().end();
});

const json = (who: TestSession, method: string, path: string, body?: unknown) =>
  requestWithSession(who.cookie, `http://studio.test${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
const context = (id: number) => ({ params: Promise.resolve({ id: String(id) }) });

async function endpointWithStoredKey() {
  useSecretKey();
  const input = { name: uniqueName("home"), kind: "OPENAI_COMPATIBLE", baseUrl: `${home.url}/v1`, model: "fake-chat", apiKey: { source: "stored", value: KEY } };
  const created = await listRoute.POST(json(admin, "POST", "/api/endpoints", input));
  expect(created.status).toBe(201);
  return { input, id: ((await created.json()) as { id: number }).id };
}

describe("a stored key goes only to its saved host", () => {
  it("test-draft with the endpoint's id and another host: refused, and the other host hears nothing", async () => {
    const { input, id } = await endpointWithStoredKey();
    const before = elsewhere.requests.length;
    const response = await draftRoute.POST(json(admin, "POST", "/api/endpoints/test-draft", { ...input, baseUrl: `${elsewhere.url}/v1`, apiKey: { source: "stored" }, id }));
    const result = (await response.json()) as { answer: string | null; error?: string };
    expect(result.answer).toBeNull();
    expect(result.error).toBe(
      `apiKey.value: the stored key of endpoint "${input.name}" is only sent to ${home.url}, where it was saved; to test against ${elsewhere.url}, paste the key again`,
    );
    expect(elsewhere.requests.length).toBe(before);
    // the same host, another path, is still the endpoint's own: the key goes there
    const same = await draftRoute.POST(json(admin, "POST", "/api/endpoints/test-draft", { ...input, apiKey: { source: "stored" }, id }));
    expect(await same.json()).toMatchObject({ answer: "Home." });
  });

  it("saving another host while keeping the stored key: refused, the endpoint unchanged", async () => {
    const { input, id } = await endpointWithStoredKey();
    const response = await endpointRoute.PUT(json(admin, "PUT", `/api/endpoints/${id}`, { ...input, baseUrl: `${elsewhere.url}/v1`, apiKey: { source: "stored" } }), context(id));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/only sent to .*, where it was saved; to send it to .*, paste the key again/);
    expect(await prisma.modelEndpoint.findUniqueOrThrow({ where: { id } })).toMatchObject({ baseUrl: `${home.url}/v1` });
    // with the key typed again, the move is fine
    const retyped = await endpointRoute.PUT(
      json(admin, "PUT", `/api/endpoints/${id}`, { ...input, baseUrl: `${elsewhere.url}/v1`, apiKey: { source: "stored", value: "sk-for-elsewhere" } }),
      context(id),
    );
    expect(retyped.status).toBe(200);
  });
});

describe("the server's secrets are never a key variable", () => {
  it.each(["CAI_SECRET_KEY", "BETTER_AUTH_SECRET", "DATABASE_URL", "PGPASSWORD", "CAI_ADMIN_PASSWORD"])("%s is refused by test-draft and by saving", async (variable) => {
    vi.stubEnv(variable, "server-secret-value-1234567890");
    const before = elsewhere.requests.length;
    const input = { name: uniqueName("steal"), kind: "OPENAI_COMPATIBLE", baseUrl: `${elsewhere.url}/v1`, model: "fake-chat", apiKey: { source: "env", env: variable } };
    const tested = await draftRoute.POST(json(admin, "POST", "/api/endpoints/test-draft", input));
    expect(tested.status).toBe(400);
    expect(((await tested.json()) as { error: string }).error).toBe(
      `apiKey.env: ${variable} holds one of the studio's own secrets or settings, not an API key: name the variable that holds the endpoint's key`,
    );
    const saved = await listRoute.POST(json(admin, "POST", "/api/endpoints", input));
    expect(saved.status).toBe(400);
    expect(elsewhere.requests.length).toBe(before);
    expect(elsewhere.requests.some((request) => request.sentApiKey === "server-secret-value-1234567890")).toBe(false);
  });
});

describe("GET /api/endpoints and the server's environment", () => {
  it("a viewer sees that a key comes from the environment, not which variable or whether it is set; an admin sees both", async () => {
    const variable = `VIEWER_HIDDEN_KEY_${Date.now()}`;
    vi.stubEnv(variable, "some-key");
    const name = uniqueName("env-key");
    const created = await listRoute.POST(
      json(admin, "POST", "/api/endpoints", { name, kind: "OPENAI_COMPATIBLE", baseUrl: `${home.url}/v1`, model: "fake-chat", apiKey: { source: "env", env: variable } }),
    );
    const { id } = (await created.json()) as { id: number };
    const asViewer = await (await listRoute.GET(json(viewer, "GET", "/api/endpoints"))).text();
    expect(asViewer).not.toContain(variable);
    expect((JSON.parse(asViewer) as { name: string; key: unknown }[]).find((row) => row.name === name)?.key).toEqual({ source: "env" });
    const one = await (await endpointRoute.GET(json(viewer, "GET", `/api/endpoints/${id}`), context(id))).text();
    expect(one).not.toContain(variable);
    const asAdmin = (await (await listRoute.GET(json(admin, "GET", "/api/endpoints"))).json()) as { name: string; key: unknown }[];
    expect(asAdmin.find((row) => row.name === name)?.key).toEqual({ source: "env", env: variable, isSet: true });
  });
});
