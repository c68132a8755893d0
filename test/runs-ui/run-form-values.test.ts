import { describe, expect, it } from "vitest";
import { ApiError } from "@/components/ui/fetch-json";
import { serverErrorsByField } from "@/components/ui/form-errors";
import { FIELD_PATHS, initialValues, issuesByField, parseStops, toRequestInput } from "@/components/runs/form/run-form-values";
import { slRunRequestSchema } from "@/lib/schemas/runs";

describe("the run form's values", () => {
  it("become the request the schema parses, blanks meaning 'not set' and a blank seed meaning 'draw one'", () => {
    const values = { ...initialValues({ datasetId: 3, endpointId: 4, constitutionVersionId: 5 }), tag: " crime ", limit: "10", temperature: "0.7", stop: "\\n\\nHuman:\nEND" };
    const parsed = slRunRequestSchema.parse(toRequestInput(values));
    expect(parsed).toMatchObject({
      datasetId: 3,
      endpointId: 4,
      constitutionVersionId: 5,
      revisions: 4,
      concurrency: 8,
      filter: { tag: "crime", withoutChains: false, limit: 10 },
      sampling: { mode: "uniform" },
      params: { temperature: 0.7, stop: ["\n\nHuman:", "END"] },
      promptFormat: "chat",
      reuseExistingResponse: true,
      fewShot: false,
    });
    expect(parsed.sampling).not.toHaveProperty("seed", expect.anything());
    expect(parsed.params.topP).toBeUndefined();
    const fixed = slRunRequestSchema.parse(toRequestInput({ ...values, samplingMode: "fixed", seed: "12" }));
    expect(fixed.sampling).toEqual({ mode: "fixed" });
    expect(parseStops("")).toBeUndefined();
  });

  it("puts the schema's complaints beside their fields, in plain words for empty pickers", () => {
    const values = { ...initialValues({}), revisions: "0", seed: "-1", temperature: "hot" };
    const result = slRunRequestSchema.safeParse(toRequestInput(values));
    expect(result.success).toBe(false);
    const { fields, other } = issuesByField(result.error!.issues, values);
    expect(fields).toMatchObject({ datasetId: "Choose a dataset.", endpointId: "Choose an endpoint.", constitutionVersionId: "Choose a constitution version." });
    expect(Object.keys(fields).sort()).toEqual(["constitutionVersionId", "datasetId", "endpointId", "params.temperature", "revisions", "sampling.seed"]);
    expect(other).toEqual([]);
  });

  it("reads the fields of the server's answers back onto the fields", () => {
    const refused = (message: string, fields: { path: string; message: string }[]) => serverErrorsByField(new ApiError(message, 400, fields), FIELD_PATHS);
    const fewShot = "this constitution version has no critique-revision few-shot examples";
    expect(refused(`fewShot: ${fewShot}`, [{ path: "fewShot", message: fewShot }])).toEqual({
      fields: { fewShot },
      other: [],
    });
    expect(
      refused("filter.limit: Too small; revisions: Too big", [
        { path: "filter.limit", message: "Too small" },
        { path: "revisions", message: "Too big" },
      ]),
    ).toEqual({
      fields: { "filter.limit": "Too small", revisions: "Too big" },
      other: [],
    });
    expect(refused("No prompt of the dataset matches the run's filter: nothing to run.", [])).toEqual({
      fields: {},
      other: ["No prompt of the dataset matches the run's filter: nothing to run."],
    });
  });
});
