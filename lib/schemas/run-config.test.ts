import { describe, expect, it } from "vitest";
import { parseRunConfig, recordedFields } from "./run-config";

// Stored run configs parse by the row's kind: what each create function records, with the
// endpoint's own sampling parameters merged in (not held to the request's bounds).

const endpoint = { name: "judge", kind: "OPENAI_COMPATIBLE", model: "fake-chat" };

describe("parseRunConfig", () => {
  it("reads an SL-CAI config as recorded, with the seed drawn and the endpoint's parameters", () => {
    const config = {
      name: "",
      datasetId: 3,
      filter: { withoutChains: false },
      endpointId: 4,
      constitutionVersionId: 5,
      revisions: 2,
      sampling: { mode: "uniform", seed: 7 },
      fewShot: false,
      promptFormat: "chat",
      reuseExistingResponse: true,
      params: { temperature: 0.5, maxTokens: 65_536 },
      concurrency: 4,
      endpoint,
    };
    const parsed = parseRunConfig({ id: 1, kind: "SL_CAI", config });
    expect(parsed).toEqual({ kind: "SL_CAI", config });
    if (parsed.kind === "SL_CAI") expect(parsed.config.sampling).toEqual({ mode: "uniform", seed: 7 });
  });

  it("reads a labeling config and a scoring config by the row's kind", () => {
    const label = {
      name: "",
      datasetId: 3,
      pairs: { unjudgedOnly: false },
      endpointId: 4,
      constitutionVersionId: 5,
      principlesPerPair: 2,
      seed: 7,
      bothOrders: true,
      chainOfThought: true,
      clamp: { low: 0.4, high: 0.6 },
      method: { kind: "sampled", k: 4 },
      fewShot: false,
      promptFormat: "chat",
      params: {},
      concurrency: 4,
      endpoint,
    };
    expect(parseRunConfig({ kind: "LABEL", config: label })).toEqual({ kind: "LABEL", config: label });
    const score = { name: "", datasetId: 3, endpointId: 6, over: "pairs", concurrency: 8, scoreName: "pm:rm", endpoint: { ...endpoint, kind: "SCORER", scoreFormat: "vllm-pooling" } };
    expect(parseRunConfig({ kind: "SCORE", config: score })).toEqual({ kind: "SCORE", config: score });
  });

  it("refuses a config that is not its kind's, naming the run", () => {
    expect(() => parseRunConfig({ id: 9, kind: "SCORE", config: { revisions: 1, endpoint } })).toThrow(/^run 9 \(SCORE\): its stored config does not parse/);
    expect(() => parseRunConfig({ id: 9, kind: "NO_SUCH_KIND", config: {} })).toThrow(/^run 9 \(NO_SUCH_KIND\)/);
  });
});

describe("recordedFields", () => {
  it("keeps the fields a partial config has and that parse, and leaves out the rest", () => {
    expect(recordedFields("LABEL", { chainOfThought: true })).toEqual({ chainOfThought: true });
    expect(recordedFields("SL_CAI", { revisions: 3, promptFormat: "neither", stray: 1 })).toEqual({ revisions: 3 });
    expect(recordedFields("LABEL", null)).toEqual({});
    expect(recordedFields("LABEL", [1, 2])).toEqual({});
  });
});
