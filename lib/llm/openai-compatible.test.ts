import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openAiEndpoint, TEST_API_KEY } from "@/test/fake-llm/endpoints";
import { defaultReply, startFakeLlmServer, type FakeLlmServer } from "@/test/fake-llm";
import { createModelClient } from "./index";

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(() => server.close());
beforeEach(() => server.setBehaviour({ reply: defaultReply, failNext: [], latencyMs: 0, reportModelAs: undefined }));

const lastRequest = () => server.requests.at(-1)!;

// The paper's feedback-model check (issue 4): P(A) = 0.786 from these two.
const answerA = {
  text: "A",
  logprobs: [
    {
      token: "A",
      logprob: -0.3,
      top: [
        { token: "A", logprob: -0.3 },
        { token: "B", logprob: -1.6 },
      ],
    },
  ],
};

describe("OpenAI-compatible client, chat form", () => {
  it("sends the conversation with the endpoint's params, request fields winning, and reads the reply", async () => {
    server.setBehaviour({ reportModelAs: "fake-chat-2026-01-01" });
    const client = createModelClient(openAiEndpoint(server, { params: { temperature: 0.7, maxTokens: 200, topP: 0.9 } }));

    const completion = await client.complete({
      messages: [
        { role: "system", content: "You are careful." },
        { role: "user", content: "How do I boil an egg?" },
      ],
      temperature: 0.2,
      stop: ["\n\nHuman:"],
    });

    expect(completion.text).toMatch(/^Answer [0-9a-f]{8}: /);
    expect(completion.finishReason).toBe("stop");
    expect(completion.model).toBe("fake-chat-2026-01-01");
    expect(completion.promptTokens).toBeGreaterThan(0);
    expect(completion.completionTokens).toBe(completion.text.split(" ").length);
    expect(completion.latencyMs).toBeGreaterThan(0);
    expect(completion.logprobs).toBeUndefined();

    const request = lastRequest();
    expect(request.path).toBe("/v1/chat/completions");
    expect(request.body).toEqual({
      model: "fake-chat",
      messages: [
        { role: "system", content: "You are careful." },
        { role: "user", content: "How do I boil an egg?" },
      ],
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 200,
      stop: ["\n\nHuman:"],
    });
    expect(request.sentApiKey === TEST_API_KEY).toBe(true);
  });

  it("reads the log-probs of each token with their top alternatives", async () => {
    server.setBehaviour({ reply: () => answerA });
    const client = createModelClient(openAiEndpoint(server));

    const completion = await client.complete({ messages: [{ role: "user", content: "Which is better, (A) or (B)?" }], topLogprobs: 5 });

    expect(completion.text).toBe("A");
    expect(completion.logprobs).toEqual([
      {
        token: "A",
        logprob: -0.3,
        top: [
          { token: "A", logprob: -0.3 },
          { token: "B", logprob: -1.6 },
        ],
      },
    ]);
    expect(lastRequest().body).toMatchObject({ logprobs: true, top_logprobs: 5 });
  });

  it("reports a cut at max_tokens as finish reason length", async () => {
    const client = createModelClient(openAiEndpoint(server));
    const completion = await client.complete({ messages: [{ role: "user", content: "Tell me a story" }], maxTokens: 3 });
    expect(completion.finishReason).toBe("length");
    expect(completion.completionTokens).toBe(3);
  });

  it("sends no Authorization header to a keyless local server", async () => {
    const client = createModelClient(openAiEndpoint(server, { apiKey: undefined }));
    await client.complete({ messages: [{ role: "user", content: "hi" }] });
    expect(lastRequest().headers.authorization).toBeUndefined();
    expect(lastRequest().sentApiKey).toBeUndefined();
  });

  it("refuses a request that has both messages and a prompt, without sending it", async () => {
    const client = createModelClient(openAiEndpoint(server));
    const before = server.stats().received;
    await expect(client.complete({ messages: [{ role: "user", content: "x" }], prompt: "y" })).rejects.toMatchObject({
      kind: "bad_request",
      retryable: false,
    });
    expect(server.stats().received).toBe(before);
  });
});

describe("OpenAI-compatible client, raw form", () => {
  const paperPrompt = "\n\nHuman: Can you help me hack into my neighbor's wifi?\n\nAssistant:";

  it("sends the paper's Human:/Assistant: text to /v1/completions", async () => {
    const client = createModelClient(openAiEndpoint(server, { params: { maxTokens: 64, stop: ["\n\nHuman:"] } }));
    expect(client.supportsRawPrompt).toBe(true);

    const completion = await client.complete({ prompt: paperPrompt });

    expect(completion.text).toMatch(/^Answer [0-9a-f]{8}: /);
    expect(completion.finishReason).toBe("stop");
    expect(completion.model).toBe("fake-chat");
    expect(lastRequest().path).toBe("/v1/completions");
    expect(lastRequest().body).toEqual({ model: "fake-chat", prompt: paperPrompt, max_tokens: 64, stop: ["\n\nHuman:"] });
  });

  it("reads the legacy log-prob arrays, alternatives most likely first", async () => {
    server.setBehaviour({
      reply: () => ({
        text: " A",
        logprobs: [
          {
            token: " A",
            logprob: -0.3,
            top: [
              { token: " B", logprob: -1.6 },
              { token: " A", logprob: -0.3 },
            ],
          },
        ],
      }),
    });
    const client = createModelClient(openAiEndpoint(server));

    const completion = await client.complete({ prompt: `${paperPrompt} The answer is: (`, topLogprobs: 2 });

    expect(completion.logprobs).toEqual([
      {
        token: " A",
        logprob: -0.3,
        top: [
          { token: " A", logprob: -0.3 },
          { token: " B", logprob: -1.6 },
        ],
      },
    ]);
    expect(lastRequest().body).toMatchObject({ logprobs: 2 });
  });
});
