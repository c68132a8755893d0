import { describe, expect, it } from "vitest";
import { formFromEndpoint, inputFromForm } from "@/components/endpoints/form-state";
import { createEndpointSchema, updateEndpointSchema, type EndpointView } from "@/lib/schemas/endpoints";

// The settings form round trip: an endpoint opened for editing and saved unchanged keeps its
// settings, a scoring endpoint's wire format included.

const scorer: EndpointView = {
  id: 7,
  name: "reward-model",
  kind: "SCORER",
  baseUrl: "http://127.0.0.1:8000",
  model: "rm",
  params: { scoreFormat: "vllm-score", timeoutMs: 30_000 },
  maxConcurrency: 4,
  requestsPerMinute: null,
  key: { source: "none" },
  supportsLogprobs: null,
  lastTest: null,
  fromEnv: false,
  runs: 0,
  updatedAt: "2026-11-27T00:00:00.000Z",
};

describe("the endpoint form", () => {
  it("saves a scoring endpoint edited without changes with its score format", () => {
    const input = updateEndpointSchema.parse(inputFromForm(formFromEndpoint(scorer)));
    expect(input.params).toEqual({ scoreFormat: "vllm-score", timeoutMs: 30_000 });
  });

  it("sends no score format for an endpoint that answers prompts", () => {
    const form = { ...formFromEndpoint(scorer), kind: "OPENAI_COMPATIBLE" as const, baseUrl: "http://127.0.0.1:8000/v1" };
    const input = createEndpointSchema.parse(inputFromForm(form));
    expect(input.params.scoreFormat).toBeUndefined();
  });
});
