import { LlmError } from "./errors";
import { logprobsFromChat, logprobsFromLegacy } from "./openai-logprobs";
import type { Completion } from "./types";

// Turns a 200 body into a Completion. The SDK hands back whatever the server sent (a string when it
// was not JSON), so the shape is checked here and anything unusable is "malformed" (retryable:
// proxies and overloaded servers sometimes answer 200 with an HTML page).

interface OpenAiUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
}

interface OpenAiBody {
  model?: unknown;
  choices?: unknown;
  usage?: OpenAiUsage | null;
}

interface OpenAiChoice {
  message?: { content?: unknown } | null;
  text?: unknown;
  finish_reason?: unknown;
  logprobs?: unknown;
}

export function completionFromChatBody(body: unknown, latencyMs: number, endpointLabel: string): Completion {
  const { choice, parsed } = firstChoice(body, endpointLabel);
  const content = choice.message?.content;
  if (content !== null && content !== undefined && typeof content !== "string") {
    throw new LlmError("malformed", `${endpointLabel}: choices[0].message.content is not text`);
  }
  return toCompletion(parsed, choice, content ?? "", latencyMs, logprobsFromChat(choice.logprobs));
}

export function completionFromTextBody(body: unknown, latencyMs: number, endpointLabel: string): Completion {
  const { choice, parsed } = firstChoice(body, endpointLabel);
  if (typeof choice.text !== "string") {
    throw new LlmError("malformed", `${endpointLabel}: choices[0].text is missing`);
  }
  return toCompletion(parsed, choice, choice.text, latencyMs, logprobsFromLegacy(choice.logprobs));
}

function firstChoice(body: unknown, endpointLabel: string): { choice: OpenAiChoice; parsed: OpenAiBody } {
  if (!body || typeof body !== "object") {
    throw new LlmError("malformed", `${endpointLabel}: the reply was not a JSON object`);
  }
  const parsed = body as OpenAiBody;
  const choice = Array.isArray(parsed.choices) ? (parsed.choices[0] as OpenAiChoice | undefined) : undefined;
  if (!choice || typeof choice !== "object") {
    throw new LlmError("malformed", `${endpointLabel}: the reply has no choices`);
  }
  return { choice, parsed };
}

function toCompletion(parsed: OpenAiBody, choice: OpenAiChoice, text: string, latencyMs: number, logprobs: Completion["logprobs"]): Completion {
  return {
    text,
    finishReason: typeof choice.finish_reason === "string" ? choice.finish_reason : null,
    model: typeof parsed.model === "string" ? parsed.model : "",
    promptTokens: parsed.usage?.prompt_tokens ?? undefined,
    completionTokens: parsed.usage?.completion_tokens ?? undefined,
    latencyMs,
    logprobs,
  };
}
