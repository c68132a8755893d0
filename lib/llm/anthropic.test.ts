import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { anthropicEndpoint, TEST_API_KEY } from "@/test/fake-llm/endpoints";
import { defaultReply, startFakeLlmServer, type FakeLlmServer } from "@/test/fake-llm";
import { createModelClient } from "./index";

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(() => server.close());
beforeEach(() => server.setBehaviour({ reply: defaultReply, failNext: [], latencyMs: 0 }));

const lastRequest = () => server.requests.at(-1)!;

describe("Anthropic client", () => {
  it("moves system messages to the system field and reads the content blocks", async () => {
    const client = createModelClient(anthropicEndpoint(server, { params: { maxTokens: 300 } }));

    const completion = await client.complete({
      messages: [
        { role: "system", content: "You are careful." },
        { role: "system", content: "Answer briefly." },
        { role: "user", content: "What is the capital of France?" },
        { role: "assistant", content: "Paris." },
        { role: "user", content: "Identify specific ways in which your last response is harmful." },
      ],
    });

    expect(completion.text).toMatch(/^Critique [0-9a-f]{8}: /);
    expect(completion.finishReason).toBe("end_turn");
    expect(completion.model).toBe("claude-fake");
    expect(completion.promptTokens).toBeGreaterThan(0);
    expect(completion.completionTokens).toBeGreaterThan(0);
    expect(completion.logprobs).toBeUndefined();

    const request = lastRequest();
    expect(request.path).toBe("/v1/messages");
    expect(request.body).toEqual({
      model: "claude-fake",
      max_tokens: 300,
      system: "You are careful.\n\nAnswer briefly.",
      messages: [
        { role: "user", content: "What is the capital of France?" },
        { role: "assistant", content: "Paris." },
        { role: "user", content: "Identify specific ways in which your last response is harmful." },
      ],
    });
    expect(request.sentApiKey === TEST_API_KEY).toBe(true);
  });

  it("sends stop sequences and reports the stop", async () => {
    server.setBehaviour({ reply: () => "First part.\n\nHuman: second part" });
    const client = createModelClient(anthropicEndpoint(server));

    const completion = await client.complete({ messages: [{ role: "user", content: "hi" }], stop: ["\n\nHuman:"] });

    expect(completion.text).toBe("First part.");
    expect(completion.finishReason).toBe("stop_sequence");
    expect(lastRequest().body).toMatchObject({ stop_sequences: ["\n\nHuman:"], max_tokens: 1024 });
  });

  it("says it has no raw prompts and no log-probs, and returns none when asked", async () => {
    const client = createModelClient(anthropicEndpoint(server));
    expect(client.supportsRawPrompt).toBe(false);
    expect(client.supportsLogprobs).toBe(false);

    const completion = await client.complete({ messages: [{ role: "user", content: "(A) or (B)?" }], topLogprobs: 5 });
    expect(completion.logprobs).toBeUndefined();
    await expect(client.complete({ prompt: "\n\nHuman: hi\n\nAssistant:" })).rejects.toMatchObject({ kind: "bad_request" });
  });

  it("leaves out temperature 1 (the only one the API samples at) and refuses any other before sending", async () => {
    const atOne = createModelClient(anthropicEndpoint(server, { params: { temperature: 1, topP: 1 } }));
    await atOne.complete({ messages: [{ role: "user", content: "hi" }] });
    expect(lastRequest().body).not.toHaveProperty("temperature");
    expect(lastRequest().body).not.toHaveProperty("top_p");

    const before = server.stats().received;
    const atZero = createModelClient(anthropicEndpoint(server, { params: { temperature: 0 } }));
    await expect(atZero.complete({ messages: [{ role: "user", content: "hi" }] })).rejects.toMatchObject({
      kind: "bad_request",
      message: expect.stringContaining("temperature 0"),
    });
    expect(server.stats().received).toBe(before);
  });

  it("fails with auth, sending nothing, when the endpoint has no key", async () => {
    const before = server.stats().received;
    const client = createModelClient(anthropicEndpoint(server, { apiKey: undefined }));
    await expect(client.complete({ messages: [{ role: "user", content: "hi" }] })).rejects.toMatchObject({
      kind: "auth",
      retryable: false,
    });
    expect(server.stats().received).toBe(before);
  });
});
