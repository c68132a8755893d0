import type { Generation } from "./generation";
import type { ResponseIdentity } from "./openai-wire";

// Anthropic's Messages API shapes: a message with content blocks, stop_reason and usage, and the
// {type: "error", error: {type, message}} envelope.

export function anthropicError(type: string, message: string) {
  return { type: "error", error: { type, message }, request_id: `req_fake_${Date.now().toString(36)}` };
}

export function anthropicMessage(generation: Generation, identity: ResponseIdentity) {
  return {
    id: `msg_${identity.id}`,
    type: "message",
    role: "assistant",
    model: identity.model,
    content: [{ type: "text", text: generation.text, citations: null }],
    stop_reason: generation.ended === "max_tokens" ? "max_tokens" : generation.ended === "stop_sequence" ? "stop_sequence" : "end_turn",
    stop_sequence: generation.stopSequence ?? null,
    usage: {
      input_tokens: generation.promptTokens,
      output_tokens: generation.completionTokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
  };
}

export function anthropicModelList(models: string[]) {
  const data = models.map((id) => ({ type: "model", id, display_name: id, created_at: "2026-01-01T00:00:00Z" }));
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}
