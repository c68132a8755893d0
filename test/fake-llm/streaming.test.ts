import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TEST_API_KEY } from "./endpoints";
import { defaultReply, startFakeLlmServer, type FakeLlmServer } from "./index";

// The fake's Server-Sent Events, read by the real openai SDK. Chunks are iterated from
// create({stream: true}) directly: the 6.49.0 stream() helper duplicates the first chunk's logprobs.

let server: FakeLlmServer;
let sdk: OpenAI;
beforeAll(async () => {
  server = await startFakeLlmServer();
  sdk = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: TEST_API_KEY, maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.setBehaviour({ reply: defaultReply, failNext: [] }));

const messages = [{ role: "user" as const, content: "Please rewrite your answer to be more careful." }];

describe("streamed chat completions", () => {
  it("spell the same text as the non-streamed reply, chunk by chunk, then [DONE]", async () => {
    const whole = await sdk.chat.completions.create({ model: "fake-chat", messages });
    const stream = await sdk.chat.completions.create({
      model: "fake-chat",
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });

    const deltas: string[] = [];
    const finishReasons: (string | null)[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        if (choice.delta.content) deltas.push(choice.delta.content);
        finishReasons.push(choice.finish_reason);
      }
      if (chunk.usage) usage = chunk.usage;
    }

    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join("")).toBe(whole.choices[0].message.content);
    expect(deltas.join("")).toMatch(/^Revision [0-9a-f]{8}: /);
    expect(finishReasons.at(-1)).toBe("stop");
    expect(usage).toEqual(whole.usage);
  });

  it("carry each token's log-probs in its own chunk, once", async () => {
    server.setBehaviour({
      reply: () => ({
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
      }),
    });
    const stream = await sdk.chat.completions.create({ model: "fake-chat", messages, stream: true, logprobs: true, top_logprobs: 2 });

    const logprobs: OpenAI.Chat.ChatCompletionTokenLogprob[] = [];
    for await (const chunk of stream) logprobs.push(...(chunk.choices[0]?.logprobs?.content ?? []));

    expect(logprobs.map(({ token, logprob, top_logprobs }) => ({ token, logprob, top: top_logprobs }))).toEqual([
      {
        token: "A",
        logprob: -0.3,
        top: [
          { token: "A", logprob: -0.3, bytes: [65] },
          { token: "B", logprob: -1.6, bytes: [66] },
        ],
      },
    ]);
  });

  it("break off mid-stream when the connection is dropped", async () => {
    server.setBehaviour({ failNext: ["drop"] });
    const stream = await sdk.chat.completions.create({ model: "fake-chat", messages, stream: true });
    const read = async () => {
      for await (const chunk of stream) void chunk;
    };
    await expect(read()).rejects.toThrow();
  });
});

describe("streamed text completions", () => {
  it("spell the same text as the non-streamed reply, with legacy log-probs per chunk", async () => {
    const prompt = "\n\nHuman: What is 2+2?\n\nAssistant:";
    const whole = await sdk.completions.create({ model: "fake-raw", prompt, max_tokens: 50, logprobs: 1 });
    const stream = await sdk.completions.create({ model: "fake-raw", prompt, max_tokens: 50, logprobs: 1, stream: true });

    const pieces: string[] = [];
    const tokens: string[] = [];
    for await (const chunk of stream) {
      pieces.push(chunk.choices[0]?.text ?? "");
      tokens.push(...(chunk.choices[0]?.logprobs?.tokens ?? []));
    }

    expect(pieces.join("")).toBe(whole.choices[0].text);
    expect(tokens).toEqual(whole.choices[0].logprobs?.tokens);
  });
});
