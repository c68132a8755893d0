import type { EndpointConfig } from "../../lib/llm/types";
import type { FakeLlmServer } from "./types";

// Endpoint configs that point the real clients at a running fake server.

/** Looks like a real key so redaction is tested against something realistic. */
export const TEST_API_KEY = "sk-test-4f9c2b7e1d0a8c6e5b3a2f1e0d9c8b7a";

export function openAiEndpoint(server: FakeLlmServer, overrides: Partial<EndpointConfig> = {}): EndpointConfig {
  return {
    kind: "OPENAI_COMPATIBLE",
    baseUrl: `${server.url}/v1`,
    model: "fake-chat",
    apiKey: TEST_API_KEY,
    params: {},
    maxConcurrency: 4,
    ...overrides,
  };
}

export function anthropicEndpoint(server: FakeLlmServer, overrides: Partial<EndpointConfig> = {}): EndpointConfig {
  return {
    kind: "ANTHROPIC",
    baseUrl: server.url,
    model: "claude-fake",
    apiKey: TEST_API_KEY,
    params: {},
    maxConcurrency: 4,
    ...overrides,
  };
}
