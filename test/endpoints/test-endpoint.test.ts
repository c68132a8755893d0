import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { endpointDraftTestSchema } from "@/lib/schemas/endpoints";
import { prisma } from "@/lib/server/db";
import { createEndpoint } from "@/lib/server/endpoints/mutations";
import { getEndpoint } from "@/lib/server/endpoints/queries";
import { TEST_PROMPT, testEndpoint, testEndpointDraft } from "@/lib/server/endpoints/test-endpoint";
import { pgPool } from "@/lib/server/pg";
import { startFakeLlmServer, type FakeLlmServer } from "../fake-llm";
import { TEST_API_KEY } from "../fake-llm/endpoints";
import { endpointInput, uniqueName, useSecretKey } from "./helpers";

let server: FakeLlmServer;

beforeAll(async () => {
  server = await startFakeLlmServer({ reply: () => "Hello from the fake model.", requireApiKey: TEST_API_KEY });
});
afterEach(() => vi.unstubAllEnvs());
afterAll(async () => {
  await server.close();
  await prisma.$disconnect();
  await pgPool().end();
});

describe("testEndpoint", () => {
  it("OpenAI-compatible: shows the answer, latency and model, finds log-probs and records that", async () => {
    useSecretKey();
    const endpoint = await createEndpoint(endpointInput({ baseUrl: `${server.url}/v1`, apiKey: { source: "stored", value: TEST_API_KEY } }));
    const result = await testEndpoint(endpoint.id);
    expect(result).toEqual({ answer: "Hello from the fake model.", latencyMs: expect.any(Number), model: "fake-chat", logprobs: "available" });
    expect(await getEndpoint(endpoint.id, "ADMIN")).toMatchObject({ supportsLogprobs: true, lastTest: { ok: true } });
    const sent = server.requests.at(-1)!.body as Record<string, unknown>;
    expect(sent).toMatchObject({ model: "fake-chat", logprobs: true, top_logprobs: 5, messages: [{ role: "user", content: TEST_PROMPT }] });
  });

  it("Anthropic: answers, and says log-probs are not supported by this API", async () => {
    const variable = `CAI_TEST_ANTHROPIC_${Date.now()}`;
    vi.stubEnv(variable, TEST_API_KEY);
    const endpoint = await createEndpoint(endpointInput({ kind: "ANTHROPIC", model: "claude-fake", baseUrl: server.url, apiKey: { source: "env", env: variable } }));
    const result = await testEndpoint(endpoint.id);
    expect(result).toMatchObject({ answer: "Hello from the fake model.", model: "claude-fake", logprobs: "not supported by this API" });
    expect(result.error).toBeUndefined();
    expect((await getEndpoint(endpoint.id, "ADMIN")).supportsLogprobs).toBe(false);
  });

  it("a 401 gives a readable error that does not contain the key, and records the failed test, not log-probs", async () => {
    useSecretKey();
    const wrongKey = "sk-wrong-9d8c7b6a5f4e3d2c1b0a";
    const endpoint = await createEndpoint(endpointInput({ baseUrl: `${server.url}/v1`, apiKey: { source: "stored", value: wrongKey } }));
    const result = await testEndpoint(endpoint.id);
    expect(result.answer).toBeNull();
    expect(result.error).toMatch(/OpenAI-compatible endpoint http:\/\/127\.0\.0\.1:\d+\/v1/);
    expect(result.error).toMatch(/401|API key|auth/i);
    expect(JSON.stringify(result)).not.toContain(wrongKey);
    expect(JSON.stringify(result)).not.toContain(TEST_API_KEY);
    const saved = await getEndpoint(endpoint.id, "ADMIN");
    expect(saved.supportsLogprobs).toBeNull();
    // the settings page then says "failed", not "untested"
    expect(saved.lastTest).toEqual({ ok: false, at: expect.any(String) });
  });

  it("an unset key variable is a readable result naming the variable, with no call made", async () => {
    const before = server.requests.length;
    const endpoint = await createEndpoint(endpointInput({ baseUrl: `${server.url}/v1`, apiKey: { source: "env", env: "CAI_TEST_UNSET_VARIABLE" } }));
    const result = await testEndpoint(endpoint.id);
    expect(result.error).toMatch(/environment variable CAI_TEST_UNSET_VARIABLE, which is not set/);
    expect(server.requests.length).toBe(before);
    expect((await getEndpoint(endpoint.id, "ADMIN")).lastTest).toMatchObject({ ok: false });
  });

  it("tests an unsaved form without saving it", async () => {
    const name = uniqueName("draft");
    const draft = endpointDraftTestSchema.parse({ name, kind: "OPENAI_COMPATIBLE", baseUrl: `${server.url}/v1`, model: "fake-chat", apiKey: { source: "stored", value: TEST_API_KEY } });
    const result = await testEndpointDraft(draft);
    expect(result).toMatchObject({ answer: "Hello from the fake model.", logprobs: "available" });
    expect(await prisma.modelEndpoint.count({ where: { name } })).toBe(0);
  });

  it("tests an unsaved scoring endpoint in the wire format its form chose", async () => {
    const draft = endpointDraftTestSchema.parse({
      name: uniqueName("draft-scorer"),
      kind: "SCORER",
      baseUrl: `${server.url}/score-json`,
      model: "fake-rm",
      apiKey: { source: "stored", value: TEST_API_KEY },
      params: { scoreFormat: "json" },
    });
    expect(await testEndpointDraft(draft)).toMatchObject({ answer: expect.stringMatching(/^score /), model: "fake-rm" });
    expect(server.requests.at(-1)).toMatchObject({ path: "/score-json", body: { model: "fake-rm", response: "Hello." } });
  });

  it("an unsaved form of a saved endpoint uses its stored key when none is typed", async () => {
    useSecretKey();
    const endpoint = await createEndpoint(endpointInput({ baseUrl: `${server.url}/v1`, apiKey: { source: "stored", value: TEST_API_KEY } }));
    const draft = endpointDraftTestSchema.parse({
      id: endpoint.id,
      name: endpoint.name,
      kind: "OPENAI_COMPATIBLE",
      baseUrl: `${server.url}/v1`,
      model: "fake-chat",
      apiKey: { source: "stored" },
    });
    expect(await testEndpointDraft(draft)).toMatchObject({ answer: "Hello from the fake model." });
  });

  it("gives up quickly on a server that keeps failing", async () => {
    useSecretKey();
    const endpoint = await createEndpoint(endpointInput({ baseUrl: `${server.url}/v1`, apiKey: { source: "stored", value: TEST_API_KEY } }));
    server.setBehaviour({ failNext: ["500", "500"] });
    const result = await testEndpoint(endpoint.id);
    expect(result.error).toMatch(/after 2 attempts/);
    expect(result.latencyMs).toBeLessThan(10_000);
  });
});
