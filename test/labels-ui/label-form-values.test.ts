import { describe, expect, it } from "vitest";
import { ApiError } from "@/components/ui/fetch-json";
import { clearChangedField, issuesByField, serverErrorsByField } from "@/components/ui/form-errors";
import { formatLogprob, formatProbability, formatRate, preferenceWords } from "@/components/ui/label-format";
import { blankMessage, crossFieldProblems, initialLabelValues, LABEL_FIELD_PATHS, logprobsRefusal, selectionParams, toLabelRequestInput } from "@/components/labels/label-form-values";
import { initialSampleValues, toSampleRequestInput } from "@/components/labels/sample-form-values";
import { labelRunRequestSchema, sampleRunRequestSchema } from "@/lib/schemas/labels";

const openai = { id: 1, name: "vllm", kind: "OPENAI_COMPATIBLE" as const, model: "m", supportsLogprobs: true };
const claude = { id: 2, name: "claude", kind: "ANTHROPIC" as const, model: "c", supportsLogprobs: null };
const noLogprobs = { id: 3, name: "ollama", kind: "OPENAI_COMPATIBLE" as const, model: "o", supportsLogprobs: false };
const untested = { id: 4, name: "tgi", kind: "OPENAI_COMPATIBLE" as const, model: "t", supportsLogprobs: null };
const version = { preference: 2, fewShots: { PREFERENCE: 1, PREFERENCE_COT: 0 } };

describe("the labeling form's values", () => {
  it("start from the paper's defaults: both orders, clamp [0.4, 0.6], log-probs, one principle", () => {
    const values = { ...initialLabelValues({ datasetId: 5, endpoint: openai, constitutionVersionId: 9 }) };
    const request = labelRunRequestSchema.parse(toLabelRequestInput(values));
    expect(request).toMatchObject({
      datasetId: 5,
      endpointId: 1,
      constitutionVersionId: 9,
      principlesPerPair: 1,
      bothOrders: true,
      chainOfThought: false,
      clamp: { low: 0.4, high: 0.6 },
      method: { kind: "logprobs" },
      pairs: { unjudgedOnly: false },
      concurrency: 8,
      params: {},
    });
    expect(request.seed).toBeUndefined();
  });

  it("start with the sampled fallback for an endpoint known to lack log-probs", () => {
    expect(initialLabelValues({ endpoint: claude }).methodKind).toBe("sampled");
    expect(initialLabelValues({ endpoint: noLogprobs }).methodKind).toBe("sampled");
    expect(initialLabelValues({ endpoint: untested }).methodKind).toBe("logprobs");
  });

  it("become the request the server parses: method, pairs, clamp, sampling overrides", () => {
    const values = {
      ...initialLabelValues({ datasetId: 5, endpoint: openai, constitutionVersionId: 9 }),
      source: "CHAIN" as const,
      pairRunId: "12",
      unjudgedOnly: true,
      limit: "100",
      principlesPerPair: "3",
      seed: "42",
      chainOfThought: true,
      clampLow: "0.35",
      clampHigh: "0.65",
      methodKind: "sampled" as const,
      k: "16",
      temperature: "0.7",
      stop: "\\n\\nHuman:",
    };
    expect(labelRunRequestSchema.parse(toLabelRequestInput(values))).toMatchObject({
      pairs: { source: "CHAIN", pairRunId: 12, unjudgedOnly: true, limit: 100 },
      principlesPerPair: 3,
      seed: 42,
      chainOfThought: true,
      clamp: { low: 0.35, high: 0.65 },
      method: { kind: "sampled", k: 16 },
      params: { temperature: 0.7, stop: ["\n\nHuman:"] },
    });
    expect(labelRunRequestSchema.parse(toLabelRequestInput({ ...values, methodKind: "stated" })).method).toEqual({ kind: "stated" });
  });

  it("turn the schema's issues into messages beside their fields, with plain words for empty pickers", () => {
    const values = { ...initialLabelValues(), principlesPerPair: "0", clampLow: "0.7", methodKind: "sampled" as const, k: "1", limit: "x" };
    const parsed = labelRunRequestSchema.safeParse(toLabelRequestInput(values));
    expect(parsed.success).toBe(false);
    const { fields, other } = issuesByField(parsed.error!.issues, LABEL_FIELD_PATHS, blankMessage(values));
    expect(fields.datasetId).toBe("Choose a dataset.");
    expect(fields.endpointId).toBe("Choose an endpoint.");
    expect(fields.constitutionVersionId).toBe("Choose a constitution version.");
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(["principlesPerPair", "clamp.low", "method.k", "pairs.limit"]));
    expect(other).toEqual([]);
  });

  it("place the fields of the server's answers beside the fields", () => {
    const answer = new ApiError("method: vllm returns no log-probs; principlesPerPair: too many; the run could not start", 400, [
      { path: "method", message: "vllm returns no log-probs" },
      { path: "principlesPerPair", message: "too many" },
      { path: "", message: "the run could not start" },
    ]);
    const { fields, other } = serverErrorsByField(answer, LABEL_FIELD_PATHS);
    expect(fields).toEqual({ method: "vllm returns no log-probs", principlesPerPair: "too many" });
    expect(other).toEqual(["the run could not start"]);
    expect(serverErrorsByField(new ApiError("method.k: at least 2", 400, [{ path: "method.k", message: "at least 2" }]), LABEL_FIELD_PATHS).fields).toEqual({ "method.k": "at least 2" });
    expect(serverErrorsByField(new ApiError("run: there is no run 9", 404, [{ path: "run", message: "there is no run 9" }]), LABEL_FIELD_PATHS)).toEqual({
      fields: {},
      other: ["run: there is no run 9"],
    });
    expect(serverErrorsByField(new Error("Failed to fetch"), LABEL_FIELD_PATHS)).toEqual({ fields: {}, other: ["Failed to fetch"] });
  });

  it("say why log-probs cannot be read from an endpoint, and what the version cannot do", () => {
    expect(logprobsRefusal(claude)).toMatch(/Anthropic's Messages API returns no token log-probs/);
    expect(logprobsRefusal(noLogprobs)).toMatch(/returned no log-probs when it was tested/);
    expect(logprobsRefusal(untested)).toBeUndefined();
    expect(logprobsRefusal(openai)).toBeUndefined();
    const values = { ...initialLabelValues(), principlesPerPair: "3", chainOfThought: true, fewShot: true, promptFormat: "raw" as const };
    expect(crossFieldProblems(values, claude, version)).toEqual({
      method: expect.stringMatching(/Anthropic/),
      principlesPerPair: "This version has 2 preference principles: at most 2.",
      fewShot: "This version has no chain-of-thought preference few-shot examples.",
      promptFormat: expect.stringMatching(/OpenAI-compatible/),
    });
    expect(crossFieldProblems({ ...values, principlesPerPair: "2", chainOfThought: false, promptFormat: "chat", methodKind: "sampled" }, claude, version)).toEqual({});
    expect(crossFieldProblems(initialLabelValues(), openai, { preference: 0, fewShots: { PREFERENCE: 0, PREFERENCE_COT: 0 } }).constitutionVersionId).toMatch(/no preference principles/);
  });

  it("give the count route the selection, leaving out what is not set", () => {
    const values = { ...initialLabelValues({ datasetId: 5 }), source: "SAMPLES" as const, unjudgedOnly: true, endpointId: "3", limit: " 20 " };
    expect(selectionParams(values).toString()).toBe("datasetId=5&endpointId=3&source=SAMPLES&unjudgedOnly=true&limit=20");
    expect(selectionParams(initialLabelValues({ datasetId: 5 })).toString()).toBe("datasetId=5");
  });
});

describe("the sampling form's values", () => {
  it("default to temperature 1 and become the request the server parses", () => {
    const values = { ...initialSampleValues({ datasetId: 2, endpointId: 3 }), tag: " harm ", limit: "10" };
    expect(sampleRunRequestSchema.parse(toSampleRequestInput(values))).toMatchObject({
      datasetId: 2,
      endpointId: 3,
      filter: { tag: "harm", limit: 10 },
      params: { temperature: 1 },
      promptFormat: "chat",
      concurrency: 8,
    });
    expect(sampleRunRequestSchema.safeParse(toSampleRequestInput({ ...values, temperature: "0" })).success).toBe(false);
  });
});

describe("label number formats", () => {
  it("write probabilities, log-probs with a true minus sign, rates and preferences", () => {
    expect(formatProbability(0.78583)).toBe("0.786");
    expect(formatProbability(null)).toBe("—");
    expect(formatLogprob(-0.3)).toBe("−0.300");
    expect(formatLogprob(0)).toBe("0.000");
    expect(formatRate(0.125)).toBe("12.5%");
    expect(formatRate(null)).toBe("—");
    expect([preferenceWords(0.7), preferenceWords(0.2), preferenceWords(0.5)]).toEqual(["prefers A", "prefers B", "no preference"]);
  });
});

describe("clearChangedField", () => {
  it("takes down the changed field's message (by name, or by an id ending in -field) and leaves the others", () => {
    let errors: Record<string, string | undefined> = { email: "not an email", name: "needed", datasetId: "Choose a dataset." };
    const onChange = clearChangedField<typeof errors>((update) => (errors = update(errors)));
    onChange({ target: { name: "email", id: "" } as unknown as EventTarget });
    expect(errors).toEqual({ email: undefined, name: "needed", datasetId: "Choose a dataset." });
    onChange({ target: { name: "", id: "«r3»-datasetId" } as unknown as EventTarget });
    expect(errors).toEqual({ email: undefined, name: "needed", datasetId: undefined });
    const before = errors;
    onChange({ target: { name: "password", id: "" } as unknown as EventTarget });
    expect(errors).toBe(before); // nothing to take down: no new state
  });
});
