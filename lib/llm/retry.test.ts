import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openAiEndpoint } from "@/test/fake-llm/endpoints";
import { llmErrorFrom } from "@/test/fake-llm/rejection";
import { defaultReply, startFakeLlmServer, type FakeLlmServer } from "@/test/fake-llm";
import { completeWithRetry, createModelClient, LlmError, retryDelayMs } from "./index";

describe("retryDelayMs: full jitter under an exponential ceiling, Retry-After as a floor", () => {
  const settings = { baseDelayMs: 500, maxDelayMs: 60_000, random: () => 0.5 };
  const serverError = new LlmError("server", "HTTP 500");

  it("doubles the ceiling each attempt and draws uniformly below it", () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, serverError, settings))).toEqual([250, 500, 1000, 2000, 4000]);
  });

  it("caps the ceiling at maxDelayMs", () => {
    expect(retryDelayMs(12, serverError, settings)).toBe(30_000); // 0.5 * min(60 000, 500 * 2^11)
    expect(retryDelayMs(40, serverError, { ...settings, random: () => 0.999 })).toBeCloseTo(59_940);
  });

  it("spans the whole range from zero: that is what spreads workers apart", () => {
    expect(retryDelayMs(3, serverError, { ...settings, random: () => 0 })).toBe(0);
  });

  it("waits at least what Retry-After asked, even above the jittered delay or the cap", () => {
    const rateLimited = new LlmError("rate_limit", "HTTP 429", { status: 429, retryAfterMs: 1_500 });
    expect(retryDelayMs(1, rateLimited, settings)).toBe(1_500);
    expect(retryDelayMs(5, rateLimited, settings)).toBe(4_000);
    const longWait = new LlmError("rate_limit", "HTTP 429", { status: 429, retryAfterMs: 90_000 });
    expect(retryDelayMs(1, longWait, settings)).toBe(90_000);
  });
});

describe("completeWithRetry against the fake server", () => {
  let server: FakeLlmServer;
  beforeAll(async () => {
    server = await startFakeLlmServer();
  });
  afterAll(() => server.close());
  beforeEach(() => server.setBehaviour({ reply: defaultReply, failNext: [], latencyMs: 0 }));

  const request = { messages: [{ role: "user" as const, content: "hello" }] };
  const requestsSince = (seq: number) => server.requests.filter((recorded) => recorded.seq > seq);
  const lastSeq = () => server.requests.at(-1)?.seq ?? 0;

  it("retries transient failures until one succeeds, reporting each retry", async () => {
    server.setBehaviour({ failNext: ["500", "503", "drop", "malformed", "529"] });
    const before = lastSeq();
    const retries: string[] = [];

    const completion = await completeWithRetry(createModelClient(openAiEndpoint(server)), request, {
      baseDelayMs: 1,
      onRetry: (error, attempt) => retries.push(`${attempt}:${error.kind}`),
    });

    expect(completion.text).toMatch(/^Answer /);
    expect(retries).toEqual(["1:server", "2:server", "3:connection", "4:malformed", "5:overloaded"]);
    expect(requestsSince(before)).toHaveLength(6);
  });

  it("waits at least retry-after-ms between the attempts, as the server saw them", async () => {
    server.setBehaviour({ failNext: [{ kind: "429", retryAfterMs: 400 }] });
    const before = lastSeq();

    await completeWithRetry(createModelClient(openAiEndpoint(server)), request, { baseDelayMs: 1 });

    const [first, second] = requestsSince(before);
    expect(first.failure).toBe("429");
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(399);
  });

  it("waits at least Retry-After seconds between the attempts", async () => {
    server.setBehaviour({ failNext: [{ kind: "429", retryAfterSeconds: 1 }] });
    const before = lastSeq();

    await completeWithRetry(createModelClient(openAiEndpoint(server)), request, { baseDelayMs: 1 });

    const [first, second] = requestsSince(before);
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(999);
  });

  it("tries a 401 once and gives up", async () => {
    server.setBehaviour({ failNext: ["401", "401"] });
    const before = lastSeq();

    const error = await llmErrorFrom(completeWithRetry(createModelClient(openAiEndpoint(server)), request, { baseDelayMs: 1 }));

    expect({ kind: error.kind, attempts: error.attempts }).toEqual({ kind: "auth", attempts: 1 });
    expect(requestsSince(before)).toHaveLength(1);
  });

  it("gives up after maxAttempts with the last error and the count", async () => {
    server.setBehaviour({ failNext: ["500", "500", "503", "500"] });
    const before = lastSeq();

    const call = completeWithRetry(createModelClient(openAiEndpoint(server)), request, { maxAttempts: 3, baseDelayMs: 1 });
    const error = await llmErrorFrom(call);

    expect({ kind: error.kind, status: error.status, attempts: error.attempts }).toEqual({ kind: "server", status: 503, attempts: 3 });
    expect(requestsSince(before)).toHaveLength(3);
  });

  it("stops waiting when the caller cancels during a backoff", async () => {
    server.setBehaviour({ failNext: [{ kind: "429", retryAfterMs: 10_000 }] });
    const controller = new AbortController();
    const before = lastSeq();

    const pending = completeWithRetry(
      createModelClient(openAiEndpoint(server)),
      { ...request, signal: controller.signal },
      {
        onRetry: () => setTimeout(() => controller.abort(), 20),
      },
    );

    await expect(pending).rejects.toMatchObject({ kind: "cancelled", attempts: 1 });
    expect(requestsSince(before)).toHaveLength(1);
  });
});
