import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { anthropicEndpoint, openAiEndpoint, TEST_API_KEY } from "@/test/fake-llm/endpoints";
import { llmErrorFrom } from "@/test/fake-llm/rejection";
import { defaultReply, startFakeLlmServer, type FailureSpec, type FakeLlmServer } from "@/test/fake-llm";
import { createModelClient, type EndpointConfig, type LlmError, type LlmErrorKind } from "./index";

// Every failure the fake server can inject, over real HTTP through each real SDK, must come out as
// the LlmError kind the retry layer and the run page expect, and never carry the key.

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(() => server.close());
beforeEach(() => server.setBehaviour({ reply: defaultReply, failNext: [], latencyMs: 0, knownModels: undefined }));

async function failureOf(config: EndpointConfig, failure: FailureSpec | undefined, timeoutMs = 5_000): Promise<LlmError> {
  server.setBehaviour({ failNext: failure ? [failure] : [] });
  return llmErrorFrom(createModelClient({ ...config, params: { timeoutMs } }).complete({ messages: [{ role: "user", content: "hello" }] }));
}

function expectNoKey(error: LlmError) {
  const everything = `${error.message}\n${error.stack}\n${inspect(error, { depth: 5 })}\n${JSON.stringify(error)}`;
  expect(everything.includes(TEST_API_KEY)).toBe(false);
}

interface Case {
  label: string;
  failure: FailureSpec;
  kind: LlmErrorKind;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
  timeoutMs?: number;
}

const sharedCases: Case[] = [
  { label: "429 with Retry-After 1 s", failure: "429", kind: "rate_limit", retryable: true, status: 429, retryAfterMs: 1000 },
  { label: "429 with Retry-After 3 s", failure: { kind: "429", retryAfterSeconds: 3 }, kind: "rate_limit", retryable: true, status: 429, retryAfterMs: 3000 },
  { label: "429 with retry-after-ms", failure: { kind: "429", retryAfterMs: 250 }, kind: "rate_limit", retryable: true, status: 429, retryAfterMs: 250 },
  { label: "500", failure: "500", kind: "server", retryable: true, status: 500 },
  { label: "503", failure: "503", kind: "server", retryable: true, status: 503 },
  { label: "529", failure: "529", kind: "overloaded", retryable: true, status: 529 },
  { label: "no answer at all", failure: "timeout", kind: "timeout", retryable: true, timeoutMs: 300 },
  { label: "an answer after the timeout", failure: { kind: "timeout", answerAfterMs: 3_000 }, kind: "timeout", retryable: true, timeoutMs: 300 },
  { label: "socket dropped mid-body", failure: "drop", kind: "connection", retryable: true },
  { label: "200 that is not JSON", failure: "malformed", kind: "malformed", retryable: true },
  { label: "401", failure: "401", kind: "auth", retryable: false, status: 401 },
];

const providers = [
  { name: "OpenAI-compatible", endpoint: () => openAiEndpoint(server) },
  { name: "Anthropic", endpoint: () => anthropicEndpoint(server) },
];

describe.each(providers)("$name: injected failures", ({ endpoint }) => {
  it.each(sharedCases)("$label -> $kind", async ({ failure, kind, retryable, status, retryAfterMs, timeoutMs }) => {
    const error = await failureOf(endpoint(), failure, timeoutMs);
    expect({ kind: error.kind, retryable: error.retryable, status: error.status }).toEqual({ kind, retryable, status });
    if (retryAfterMs !== undefined) expect(error.retryAfterMs).toBe(retryAfterMs);
    expect(error.message.length).toBeGreaterThan(10);
    expectNoKey(error);
  });

  it("a 401 that echoes the Authorization header back does not leak the key", async () => {
    const error = await failureOf(endpoint(), "401");
    // the server did echo it: the body's message is in ours, with the key taken out
    expect(error.message).toMatch(/\[redacted\]/);
    expectNoKey(error);
  });

  it("a model the server does not know -> not_found", async () => {
    server.setBehaviour({ knownModels: ["some-other-model"] });
    const error = await failureOf(endpoint(), undefined);
    expect({ kind: error.kind, status: error.status, retryable: error.retryable }).toEqual({ kind: "not_found", status: 404, retryable: false });
  });

  it("a request the server rejects -> bad_request", async () => {
    const error = await llmErrorFrom(createModelClient(endpoint()).complete({ messages: [] }));
    expect({ kind: error.kind, status: error.status, retryable: error.retryable }).toEqual({ kind: "bad_request", status: 400, retryable: false });
  });

  it("the caller's abort -> cancelled, not timeout", async () => {
    server.setBehaviour({ failNext: ["timeout"] });
    const controller = new AbortController();
    const pending = createModelClient(endpoint()).complete({ messages: [{ role: "user", content: "hi" }], signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ kind: "cancelled", retryable: false });
  });

  it("nothing listening -> connection", async () => {
    const closed = await startFakeLlmServer();
    await closed.close();
    const config = endpoint();
    const nowhere = { ...config, baseUrl: config.baseUrl!.replace(String(server.port), String(closed.port)) };
    const error = await llmErrorFrom(createModelClient(nowhere).complete({ messages: [{ role: "user", content: "hi" }] }));
    expect({ kind: error.kind, retryable: error.retryable }).toEqual({ kind: "connection", retryable: true });
    expect(error.message).toMatch(/ECONNREFUSED/);
  });
});

describe("OpenAI-compatible raw form: injected failures", () => {
  it.each(["500", "drop", "malformed", "401"] as const)("%s is classified like the chat form", async (failure) => {
    server.setBehaviour({ failNext: [failure] });
    const error = await llmErrorFrom(createModelClient(openAiEndpoint(server)).complete({ prompt: "\n\nHuman: hi\n\nAssistant:" }));
    const expected = { "500": "server", drop: "connection", malformed: "malformed", "401": "auth" }[failure];
    expect(error.kind).toBe(expected);
    expectNoKey(error);
  });
});
