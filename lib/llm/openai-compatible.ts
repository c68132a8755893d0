import "server-only";
import OpenAI from "openai";
import { startDeadline } from "./deadline";
import { nodeFetch } from "./node-fetch";
import { displayableUrl } from "./redact";
import { completionFromChatBody, completionFromTextBody } from "./openai-responses";
import { effectiveParams, requestForm, type EffectiveParams } from "./request-params";
import { llmErrorFromSdkError } from "./sdk-errors";
import type { Completion, CompletionRequest, EndpointConfig, ModelClient } from "./types";

// OpenAI, vLLM, Ollama, llama.cpp server, TGI, Together...: chat through /v1/chat/completions, the
// paper's raw "Human:/Assistant:" prompts through /v1/completions. Non-streaming: a run stores whole
// replies, and one JSON body per call is cheaper to parse than a stream of chunks.

const DEFAULT_BASE_URL = "https://api.openai.com/v1";

export class OpenAiCompatibleClient implements ModelClient {
  readonly kind = "OPENAI_COMPATIBLE" as const;
  readonly supportsRawPrompt = true;
  readonly supportsLogprobs = "unknown" as const;
  private readonly sdk: OpenAI;
  private readonly endpointLabel: string;

  constructor(private readonly config: EndpointConfig) {
    const baseURL = config.baseUrl ?? DEFAULT_BASE_URL;
    this.endpointLabel = `OpenAI-compatible endpoint ${displayableUrl(baseURL)}`;
    this.sdk = new OpenAI({
      baseURL,
      // Local servers (vLLM, Ollama) need no key, but the SDK refuses to start without one and
      // would read OPENAI_API_KEY from the environment: a placeholder plus a removed header sends none.
      apiKey: config.apiKey ?? "no-key",
      defaultHeaders: config.apiKey ? undefined : { Authorization: null },
      // completeWithRetry is the only retry layer, so its limits and jitter are the ones that apply
      maxRetries: 0,
      fetch: nodeFetch,
    });
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const form = requestForm(request);
    const params = effectiveParams(this.config.params, request);
    const deadline = startDeadline(params.timeoutMs, request.signal);
    const requestOptions = { signal: deadline.signal, timeout: Math.max(1, Math.ceil(params.timeoutMs)) };
    const startedAt = performance.now();
    let body: unknown;
    try {
      body =
        form === "chat"
          ? await this.sdk.chat.completions.create(this.chatBody(request, params), requestOptions)
          : await this.sdk.completions.create(this.textBody(request, params), requestOptions);
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
    const latencyMs = performance.now() - startedAt;
    return form === "chat" ? completionFromChatBody(body, latencyMs, this.endpointLabel) : completionFromTextBody(body, latencyMs, this.endpointLabel);
  }

  private chatBody(request: CompletionRequest, params: EffectiveParams): OpenAI.Chat.ChatCompletionCreateParamsNonStreaming {
    return {
      model: this.config.model,
      messages: request.messages!,
      temperature: params.temperature,
      top_p: params.topP,
      // max_tokens, not max_completion_tokens: it is the one every compatible server understands
      max_tokens: params.maxTokens,
      stop: params.stop?.length ? params.stop : undefined,
      ...(request.topLogprobs !== undefined ? { logprobs: true, top_logprobs: request.topLogprobs } : {}),
    };
  }

  private textBody(request: CompletionRequest, params: EffectiveParams): OpenAI.CompletionCreateParamsNonStreaming {
    return {
      model: this.config.model,
      prompt: request.prompt!,
      temperature: params.temperature,
      top_p: params.topP,
      max_tokens: params.maxTokens,
      stop: params.stop?.length ? params.stop : undefined,
      ...(request.topLogprobs !== undefined ? { logprobs: request.topLogprobs } : {}),
    };
  }
}
