// A preference-model scorer's side of the wire, as vLLM serves reward models: POST /pooling (chat
// messages in, one row of values per token out: the last row is the sequence's reward) and
// POST /v1/score (text_1, text_2 in, a score out); and the plain JSON form {messages, response} ->
// {score} at POST /score-json. The shapes copy vLLM's PoolingResponse and ScoreResponse.

export type ScorerRoute = "vllm-pooling" | "vllm-score" | "json";

export const SCORER_ROUTES: Record<string, ScorerRoute> = {
  "/pooling": "vllm-pooling",
  "/v1/score": "vllm-score",
  "/score-json": "json",
};

/** The default score: the response's length in hundreds of characters, easy to check in a test. */
export function defaultScore(response: string): number {
  return response.length / 100;
}

/** The response a scorer request carries, or a message saying what is missing (answered with 400). */
export function scoredResponse(route: ScorerRoute, body: Record<string, unknown>): { response: string } | { invalid: string } {
  if (typeof body.model !== "string") return { invalid: "model: field required" };
  if (route === "vllm-score") return typeof body.text_2 === "string" ? { response: body.text_2 } : { invalid: "text_2: field required" };
  if (route === "json") return typeof body.response === "string" ? { response: body.response } : { invalid: "response: field required" };
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) return { invalid: "messages: field required" };
  const last = messages.at(-1) as { role?: unknown; content?: unknown };
  if (last?.role !== "assistant" || typeof last.content !== "string") return { invalid: "the last message must be the assistant's response" };
  return { response: last.content };
}

export function scorerReply(route: ScorerRoute, model: string, score: number, seq: number, created: number): object {
  const usage = { prompt_tokens: 12, total_tokens: 12, completion_tokens: 0, prompt_tokens_details: null };
  if (route === "json") return { score };
  if (route === "vllm-score") return { id: `score-fake${seq.toString(36)}`, object: "list", created, model, data: [{ index: 0, object: "score", score }], usage };
  // a reward model's ALL pooling: one row per token, the reward of the whole sequence in the last
  return { id: `pool-fake${seq.toString(36)}`, object: "list", created, model, data: [{ index: 0, object: "pooling", data: [[0.01], [-0.02], [score]] }], usage };
}
