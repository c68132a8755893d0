import "server-only";
import Anthropic from "@anthropic-ai/sdk";
import { nodeFetch } from "./node-fetch";
import { startDeadline } from "./deadline";
import { displayableUrl } from "./redact";
import { LlmError } from "./errors";
import { effectiveParams, requestForm, type EffectiveParams } from "./request-params";
import { llmErrorFromSdkError } from "./sdk-errors";
import type { ChatMessage, Completion, CompletionRequest, EndpointConfig, ModelClient } from "./types";

// Anthropic's Messages API. It has no raw-prompt endpoint and no log-probs, so labeling against it
// needs the explicit fallback (issue 4), and callers can tell from supportsLogprobs.
// Since API version 2026-10-21 (what this SDK sends) the API answers 400 to any temperature, top_p
// or top_k, and samples as at temperature 1. A request for exactly that is met by leaving the field
// out; any other value is refused here, before sending, rather than dropped: a run that asked for
// temperature 0 must not be recorded as if it had it.

const DEFAULT_BASE_URL = "https://api.anthropic.com";
/** The Messages API requires max_tokens; this is used when neither endpoint nor request sets it. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 1024;

export class AnthropicClient implements ModelClient {
  readonly kind = "ANTHROPIC" as const;
  readonly supportsRawPrompt = false;
  readonly supportsLogprobs = false;
  private readonly sdk: Anthropic | undefined;
  private readonly endpointLabel: string;

  constructor(private readonly config: EndpointConfig) {
    const baseURL = config.baseUrl ?? DEFAULT_BASE_URL;
    this.endpointLabel = `Anthropic endpoint ${displayableUrl(baseURL)}`;
    // Without a key the SDK would search the environment and credential files: a studio endpoint
    // must say which key it uses, so a keyless one fails its calls with "auth" instead.
    this.sdk = config.apiKey ? new Anthropic({ baseURL, apiKey: config.apiKey, maxRetries: 0, fetch: nodeFetch }) : undefined;
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    if (requestForm(request) === "raw") {
      throw new LlmError("bad_request", `${this.endpointLabel}: the Messages API takes chat messages, not a raw prompt`);
    }
    if (!this.sdk) throw new LlmError("auth", `${this.endpointLabel}: no API key is configured`);
    const params = effectiveParams(this.config.params, request);
    this.refuseUnsupportedSampling(params);
    const { system, messages } = splitSystem(request.messages!);
    const deadline = startDeadline(params.timeoutMs, request.signal);
    const startedAt = performance.now();
    let message: Anthropic.Message;
    try {
      message = await this.sdk.messages.create(
        {
          model: this.config.model,
          max_tokens: params.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
          messages,
          ...(system !== undefined ? { system } : {}),
          stop_sequences: params.stop?.length ? params.stop : undefined,
        },
        { signal: deadline.signal, timeout: Math.max(1, Math.ceil(params.timeoutMs)) },
      );
    } catch (error) {
      throw llmErrorFromSdkError(error, {
        endpointLabel: this.endpointLabel,
        apiKey: this.config.apiKey,
        deadline,
        timeoutMs: params.timeoutMs,
      });
    } finally {
      deadline.dispose();
    }
    return completionFromMessage(message, performance.now() - startedAt, this.endpointLabel);
  }

  private refuseUnsupportedSampling(params: EffectiveParams): void {
    const unsupported = [
      params.temperature !== undefined && params.temperature !== 1 ? `temperature ${params.temperature}` : null,
      params.topP !== undefined && params.topP !== 1 ? `top_p ${params.topP}` : null,
    ].filter(Boolean);
    if (unsupported.length > 0) {
      throw new LlmError(
        "bad_request",
        `${this.endpointLabel}: the Messages API no longer accepts ${unsupported.join(" or ")} ` + "(it always samples at temperature 1); clear them on the endpoint or the run",
      );
    }
  }
}

/** The Messages API takes system text in its own field; several system messages are joined. */
function splitSystem(chat: ChatMessage[]): { system?: string; messages: Anthropic.MessageParam[] } {
  const systemParts = chat.filter((message) => message.role === "system").map((message) => message.content);
  const messages = chat.filter((message) => message.role !== "system").map((message) => ({ role: message.role as "user" | "assistant", content: message.content }));
  return { system: systemParts.length ? systemParts.join("\n\n") : undefined, messages };
}

function completionFromMessage(message: unknown, latencyMs: number, endpointLabel: string): Completion {
  const body = message as Partial<Anthropic.Message> | null;
  if (!body || typeof body !== "object" || !Array.isArray(body.content)) {
    throw new LlmError("malformed", `${endpointLabel}: the reply has no content blocks`);
  }
  const text = body.content
    .filter((block): block is Anthropic.TextBlock => block?.type === "text")
    .map((block) => block.text)
    .join("");
  return {
    text,
    finishReason: body.stop_reason ?? null,
    model: typeof body.model === "string" ? body.model : "",
    promptTokens: body.usage?.input_tokens ?? undefined,
    completionTokens: body.usage?.output_tokens ?? undefined,
    latencyMs,
  };
}
