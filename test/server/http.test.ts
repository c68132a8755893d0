import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ConflictError, NotFoundError, UserError } from "@/lib/server/errors";
import { errorResponse, ndjsonResponse, parseInput } from "@/lib/server/http";

afterEach(() => vi.restoreAllMocks());

describe("errorResponse", () => {
  it("answers a UserError with its own status and message", async () => {
    for (const [error, status] of [
      [new UserError("bad input"), 400],
      [new NotFoundError("no such prompt"), 404],
      [new ConflictError("taken"), 409],
    ] as const) {
      const response = errorResponse(error);
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({ error: error.message, fields: [] });
    }
  });

  it("names the fields a refusal is about, as the service named them, and never reads them out of a message", async () => {
    const given = new UserError("name: taken; color: not a colour", {
      fields: [
        { path: "name", message: "taken" },
        { path: "color", message: "not a colour" },
      ],
    });
    expect(await errorResponse(given).json()).toEqual({ error: given.message, fields: given.fields });
    const about = NotFoundError.about("filter.q", "nothing; to search");
    expect(about.status).toBe(404);
    expect(await errorResponse(about).json()).toEqual({
      error: "filter.q: nothing; to search",
      fields: [{ path: "filter.q", message: "nothing; to search" }],
    });
    expect(await errorResponse(new UserError("data.jsonl: the file is empty")).json()).toEqual({ error: "data.jsonl: the file is empty", fields: [] });
    expect(await errorResponse(new UserError("No prompt of the dataset matches the run's filter: nothing to run.")).json()).toMatchObject({ fields: [] });
  });

  it("answers anything else with 500 and a generic message, logging the details", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = errorResponse(new Error('relation "Secret" does not exist at 10.0.0.5'));
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: string };
    expect(body.error).not.toMatch(/Secret|10\.0\.0\.5/);
    expect(log).toHaveBeenCalled();
    expect(body).toMatchObject({ fields: [] });
  });
});

describe("parseInput", () => {
  it("refuses with every issue as a field, and the message joining them as before", () => {
    const schema = z.object({ name: z.string(), params: z.object({ topP: z.number().max(1) }) });
    const refused = (() => {
      try {
        parseInput(schema, { params: { topP: 2 } });
      } catch (error) {
        return error as UserError;
      }
    })();
    expect(refused?.fields.map((field) => field.path)).toEqual(["name", "params.topP"]);
    expect(refused?.message).toBe(refused?.fields.map((field) => `${field.path}: ${field.message}`).join("; "));
    expect(() => parseInput(schema, { name: "a\u0000b" })).toThrow(expect.objectContaining({ fields: [{ path: "name", message: "must not contain a NUL byte (\\u0000)" }] }));
  });
});

describe("ndjsonResponse", () => {
  it("streams one JSON object per line and ends with the error event when the work throws", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const response = ndjsonResponse<{ n?: number; failed?: string }>(
      async (emit) => {
        emit({ n: 1 });
        emit({ n: 2 });
        throw new Error("disk full at /var/secret");
      },
      () => ({ failed: "generic" }),
    );
    expect(response.headers.get("content-type")).toMatch(/application\/x-ndjson/);
    expect((await response.text()).split("\n")).toEqual(['{"n":1}', '{"n":2}', '{"failed":"generic"}', ""]);
  });
});
