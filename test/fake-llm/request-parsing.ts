import type { GenerationLimits } from "./generation";
import type { Dialect, FakeLlmRequest } from "./types";

// Reads a request body the way the real APIs validate it, so a client that sends the wrong shape
// gets the 400 it would get in production instead of a happy fake reply.

export interface ParsedRequest {
  request: FakeLlmRequest;
  limits: GenerationLimits;
  stream: boolean;
  /** OpenAI stream_options.include_usage */
  streamUsage: boolean;
  /** undefined: no log-probs asked for; otherwise how many alternatives per token. */
  topLogprobs?: number;
}

export class InvalidRequest extends Error {}

type Body = Record<string, unknown>;

export function parseRequest(dialect: Dialect, body: Body, headers: Record<string, string | undefined>): ParsedRequest {
  if (typeof body.model !== "string" || !body.model) throw new InvalidRequest("model: field required");
  switch (dialect) {
    case "openai-chat":
      return parseOpenAiChat(body);
    case "openai-completions":
      return parseOpenAiCompletions(body);
    case "anthropic":
      return parseAnthropic(body, headers["anthropic-version"]);
  }
}

function parseOpenAiChat(body: Body): ParsedRequest {
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw new InvalidRequest("messages: expected a non-empty array");
  }
  const messages = body.messages.map((message, index) => chatMessage(message, index));
  const topLogprobs = body.logprobs === true ? numberOr(body.top_logprobs, 0) : undefined;
  if (body.top_logprobs !== undefined && body.logprobs !== true) {
    throw new InvalidRequest("top_logprobs: `logprobs` must be set to true when `top_logprobs` is used");
  }
  return {
    request: { dialect: "openai-chat", model: body.model as string, messages, lastUserText: lastUser(messages), body },
    limits: { maxTokens: maxTokens(body.max_tokens ?? body.max_completion_tokens), stop: stops(body.stop), topLogprobs },
    stream: body.stream === true,
    streamUsage: (body.stream_options as Body | undefined)?.include_usage === true,
    topLogprobs,
  };
}

function parseOpenAiCompletions(body: Body): ParsedRequest {
  const prompt = Array.isArray(body.prompt) ? body.prompt[0] : body.prompt;
  if (typeof prompt !== "string") throw new InvalidRequest("prompt: expected a string");
  const topLogprobs = typeof body.logprobs === "number" ? body.logprobs : undefined;
  return {
    request: { dialect: "openai-completions", model: body.model as string, prompt, lastUserText: prompt, body },
    limits: { maxTokens: maxTokens(body.max_tokens ?? 16), stop: stops(body.stop), topLogprobs },
    stream: body.stream === true,
    streamUsage: (body.stream_options as Body | undefined)?.include_usage === true,
    topLogprobs,
  };
}

// API version 2026-10-21 refuses sampling parameters outright, even at their defaults
const SAMPLING_FIELDS_REFUSED_SINCE_2026_10_21 = ["temperature", "top_p", "top_k"];

function parseAnthropic(body: Body, version: string | undefined): ParsedRequest {
  if (!version) throw new InvalidRequest("anthropic-version: header is required");
  if (typeof body.max_tokens !== "number") throw new InvalidRequest("max_tokens: Field required");
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw new InvalidRequest("messages: Field required");
  }
  if (version >= "2026-10-21") {
    const refused = SAMPLING_FIELDS_REFUSED_SINCE_2026_10_21.find((field) => field in body);
    if (refused) throw new InvalidRequest(`${refused}: Extra inputs are not permitted`);
  }
  const conversation = body.messages.map((message, index) => chatMessage(message, index));
  if (conversation.some((message) => message.role === "system")) {
    throw new InvalidRequest('messages: Unexpected role "system". Use the top-level `system` parameter');
  }
  const system = typeof body.system === "string" ? body.system : Array.isArray(body.system) ? textOf(body.system) : undefined;
  const messages = system !== undefined ? [{ role: "system", content: system }, ...conversation] : conversation;
  return {
    request: { dialect: "anthropic", model: body.model as string, messages, lastUserText: lastUser(conversation), body },
    limits: { maxTokens: body.max_tokens, stop: stops(body.stop_sequences) },
    stream: body.stream === true,
    streamUsage: false,
  };
}

function chatMessage(message: unknown, index: number): { role: string; content: string } {
  const { role, content } = (message ?? {}) as Body;
  if (typeof role !== "string") throw new InvalidRequest(`messages[${index}].role: field required`);
  if (typeof content === "string") return { role, content };
  if (Array.isArray(content)) return { role, content: textOf(content) };
  throw new InvalidRequest(`messages[${index}].content: expected a string or a list of content parts`);
}

function textOf(parts: unknown[]): string {
  return parts.map((part) => (part && typeof part === "object" && typeof (part as Body).text === "string" ? (part as Body).text : "")).join("");
}

function lastUser(messages: { role: string; content: string }[]): string {
  return messages.findLast((message) => message.role === "user")?.content ?? "";
}

function stops(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((stop): stop is string => typeof stop === "string") : undefined;
}

function maxTokens(value: unknown): number | undefined {
  return typeof value === "number" && value >= 0 ? value : undefined;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" ? value : fallback;
}
