import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { TEST_API_KEY } from "./endpoints";
import { startFakeLlmServer, type FakeLlmServer } from "./index";

const servers: FakeLlmServer[] = [];
async function start(...args: Parameters<typeof startFakeLlmServer>) {
  const server = await startFakeLlmServer(...args);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const chatBody = (content: string) => ({ model: "fake-chat", messages: [{ role: "user", content }] });

function post(server: FakeLlmServer, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

describe("fake LLM server", () => {
  it("lists its models in OpenAI's shape, and in Anthropic's to an Anthropic client", async () => {
    const server = await start({ knownModels: ["model-a", "model-b"] });
    const sdk = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: TEST_API_KEY, maxRetries: 0 });
    const ids: string[] = [];
    for await (const model of sdk.models.list()) ids.push(model.id);
    expect(ids).toEqual(["model-a", "model-b"]);

    const anthropic = await (await fetch(`${server.url}/v1/models`, { headers: { "anthropic-version": "2026-10-21" } })).json();
    expect(anthropic.data.map((model: { type: string; id: string }) => `${model.type}:${model.id}`)).toEqual(["model:model-a", "model:model-b"]);
  });

  it("records the key it was sent without ever showing it in a record", async () => {
    const server = await start();
    await post(server, "/v1/chat/completions", chatBody("hi"), { authorization: `Bearer ${TEST_API_KEY}` });
    await post(
      server,
      "/v1/messages",
      { model: "c", max_tokens: 10, messages: [{ role: "user", content: "hi" }] },
      {
        "x-api-key": TEST_API_KEY,
        "anthropic-version": "2026-10-21",
      },
    );

    expect(server.requests.map((request) => request.sentApiKey === TEST_API_KEY)).toEqual([true, true]);
    expect(server.requests[0].headers.authorization).toBe("[redacted]");
    expect(server.requests[1].headers["x-api-key"]).toBe("[redacted]");
    expect(JSON.stringify(server.requests).includes(TEST_API_KEY)).toBe(false);
  });

  it("answers 401 to a wrong key when it requires one", async () => {
    const server = await start({ requireApiKey: TEST_API_KEY });
    expect((await post(server, "/v1/chat/completions", chatBody("hi"), { authorization: "Bearer wrong" })).status).toBe(401);
    expect((await post(server, "/v1/chat/completions", chatBody("hi"), { authorization: `Bearer ${TEST_API_KEY}` })).status).toBe(200);
  });

  it("uses the failure queue first, in order, then the seeded failure rate, the same on every run", async () => {
    const options = { failureRate: 0.3, seed: 42, failNext: ["401" as const, "500" as const] };
    const kindsSeen = async () => {
      const server = await start(options);
      for (let index = 0; index < 40; index++) await post(server, "/v1/chat/completions", chatBody(`q${index}`));
      return server.requests.map((request) => request.failure ?? "ok");
    };

    const first = await kindsSeen();
    expect(first.slice(0, 2)).toEqual(["401", "500"]);
    const failed = first.slice(2).filter((kind) => kind !== "ok");
    expect(failed.length).toBeGreaterThan(4);
    expect(failed.length).toBeLessThan(24);
    expect(await kindsSeen()).toEqual(first);
  });

  it("answers like Anthropic's API version 2026-10-21 to what it refuses", async () => {
    const server = await start();
    const headers = { "anthropic-version": "2026-10-21", "x-api-key": TEST_API_KEY };
    const withTemperature = await post(server, "/v1/messages", { model: "c", max_tokens: 5, temperature: 1, messages: [{ role: "user", content: "hi" }] }, headers);
    expect(withTemperature.status).toBe(400);
    expect(await withTemperature.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error", message: "temperature: Extra inputs are not permitted" } });
    const withSystemRole = await post(server, "/v1/messages", { model: "c", max_tokens: 5, messages: [{ role: "system", content: "x" }] }, headers);
    expect(withSystemRole.status).toBe(400);
  });

  it("answers an unknown route with a 404 in OpenAI's error shape", async () => {
    const server = await start();
    const response = await post(server, "/v1/embeddings", { input: "x" });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { type: "invalid_request_error", code: "unknown_url" } });
  });

  it("serves hundreds of requests at once", async () => {
    // a latency long enough that all 400 are open at once even on a busy machine (at 200 ms, a
    // loaded CI machine finished the first ones before the last were sent)
    const server = await start({ latencyMs: 1_500, recordRequests: false });
    const responses = await Promise.all(Array.from({ length: 400 }, (_, index) => post(server, "/v1/chat/completions", chatBody(`q${index}`))));
    const texts = await Promise.all(responses.map(async (response) => (await response.json()).choices[0].message.content));

    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(new Set(texts).size).toBe(400);
    expect(server.stats()).toMatchObject({ received: 400, completed: 400, inFlight: 0 });
    expect(server.stats().maxInFlight).toBeGreaterThan(300);
    expect(server.requests).toHaveLength(0);
  });

  it("enforces its own limits when asked: a request beyond them gets 429 at once, and counts for neither", async () => {
    const server = await start({ latencyMs: 300, recordRequests: false, providerLimits: { concurrency: 3, requestsPerMinute: 5 } });
    const first = await Promise.all(Array.from({ length: 4 }, (_, index) => post(server, "/v1/chat/completions", chatBody(`q${index}`))));
    expect(first.map((response) => response.status).sort()).toEqual([200, 200, 200, 429]);
    const rest = await Promise.all(Array.from({ length: 3 }, (_, index) => post(server, "/v1/chat/completions", chatBody(`r${index}`))));
    expect(rest.map((response) => response.status).sort()).toEqual([200, 200, 429]);
    const refused = rest.find((response) => response.status === 429)!;
    expect(refused.headers.get("retry-after")).toBe("1");

    const stats = await (await fetch(`${server.url}/fake/stats`)).json();
    expect(stats).toMatchObject({ received: 7, rejected: 2, maxInFlight: 4, mostInAnyMinute: 7 });
  });
});
