import type { Generation } from "./generation";
import type { FakeTokenLogprob } from "./types";

// OpenAI's response shapes, field for field: chat.completion, chat.completion.chunk (SSE),
// text_completion with the legacy log-prob arrays, and the error envelope.

export interface ResponseIdentity {
  id: string;
  model: string;
  created: number;
}

export function openAiError(message: string, type: string, code: string | null = null) {
  return { error: { message, type, param: null, code } };
}

export function chatCompletion(generation: Generation, identity: ResponseIdentity, withLogprobs: boolean) {
  return {
    id: `chatcmpl-${identity.id}`,
    object: "chat.completion",
    created: identity.created,
    model: identity.model,
    system_fingerprint: "fp_fake",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: generation.text, refusal: null },
        logprobs: withLogprobs ? { content: generation.logprobs.map(chatLogprobEntry), refusal: null } : null,
        finish_reason: finishReason(generation),
      },
    ],
    usage: usage(generation),
  };
}

/** The `data:` payloads of a streamed chat completion, in order, ending with "[DONE]". */
export function chatCompletionChunks(generation: Generation, identity: ResponseIdentity, withLogprobs: boolean, withUsage: boolean): string[] {
  const chunk = (choices: unknown[], extra: object = {}) =>
    JSON.stringify({
      id: `chatcmpl-${identity.id}`,
      object: "chat.completion.chunk",
      created: identity.created,
      model: identity.model,
      system_fingerprint: "fp_fake",
      choices,
      ...extra,
    });
  const pieces = streamPieces(generation);
  const payloads = [chunk([{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }])];
  for (const piece of pieces) {
    payloads.push(
      chunk([
        {
          index: 0,
          delta: { content: piece.text },
          logprobs: withLogprobs && piece.logprob ? { content: [chatLogprobEntry(piece.logprob)], refusal: null } : null,
          finish_reason: null,
        },
      ]),
    );
  }
  payloads.push(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason(generation) }]));
  if (withUsage) payloads.push(chunk([], { usage: usage(generation) }));
  payloads.push("[DONE]");
  return payloads;
}

export function textCompletion(generation: Generation, identity: ResponseIdentity, withLogprobs: boolean) {
  return {
    id: `cmpl-${identity.id}`,
    object: "text_completion",
    created: identity.created,
    model: identity.model,
    choices: [
      {
        index: 0,
        text: generation.text,
        logprobs: withLogprobs ? legacyLogprobs(generation.logprobs) : null,
        finish_reason: finishReason(generation),
      },
    ],
    usage: usage(generation),
  };
}

export function textCompletionChunks(generation: Generation, identity: ResponseIdentity, withLogprobs: boolean, withUsage: boolean): string[] {
  const chunk = (choices: unknown[], extra: object = {}) =>
    JSON.stringify({ id: `cmpl-${identity.id}`, object: "text_completion", created: identity.created, model: identity.model, choices, ...extra });
  const payloads = streamPieces(generation).map((piece) =>
    chunk([
      {
        index: 0,
        text: piece.text,
        logprobs: withLogprobs && piece.logprob ? legacyLogprobs([piece.logprob]) : null,
        finish_reason: null,
      },
    ]),
  );
  payloads.push(chunk([{ index: 0, text: "", logprobs: null, finish_reason: finishReason(generation) }]));
  if (withUsage) payloads.push(chunk([], { usage: usage(generation) }));
  payloads.push("[DONE]");
  return payloads;
}

export function modelList(models: string[], created: number) {
  return { object: "list", data: models.map((id) => ({ id, object: "model", created, owned_by: "fake-llm" })) };
}

/** One piece per log-prob token when they spell the text, else the text in one piece. */
function streamPieces(generation: Generation): { text: string; logprob?: FakeTokenLogprob }[] {
  const spelled = generation.logprobs.map((entry) => entry.token).join("");
  if (generation.logprobs.length > 0 && spelled === generation.text) {
    return generation.logprobs.map((entry) => ({ text: entry.token, logprob: entry }));
  }
  return [{ text: generation.text, logprob: generation.logprobs[0] }];
}

function chatLogprobEntry(entry: FakeTokenLogprob) {
  return {
    token: entry.token,
    logprob: entry.logprob,
    bytes: bytesOf(entry.token),
    top_logprobs: entry.top.map((alternative) => ({
      token: alternative.token,
      logprob: alternative.logprob,
      bytes: bytesOf(alternative.token),
    })),
  };
}

function legacyLogprobs(entries: FakeTokenLogprob[]) {
  let offset = 0;
  const textOffset = entries.map((entry) => {
    const at = offset;
    offset += entry.token.length;
    return at;
  });
  return {
    tokens: entries.map((entry) => entry.token),
    token_logprobs: entries.map((entry) => entry.logprob),
    top_logprobs: entries.map((entry) => Object.fromEntries(entry.top.map((alternative) => [alternative.token, alternative.logprob]))),
    text_offset: textOffset,
  };
}

function finishReason(generation: Generation): "stop" | "length" {
  return generation.ended === "max_tokens" ? "length" : "stop";
}

function usage(generation: Generation) {
  return {
    prompt_tokens: generation.promptTokens,
    completion_tokens: generation.completionTokens,
    total_tokens: generation.promptTokens + generation.completionTokens,
  };
}

function bytesOf(token: string): number[] {
  return [...Buffer.from(token, "utf8")];
}
