import { afterEach, describe, expect, it, vi } from "vitest";
import { ConflictError, NotFoundError, UserError } from "@/lib/server/errors";
import { errorResponse, ndjsonResponse } from "@/lib/server/http";

afterEach(() => vi.restoreAllMocks());

describe("errorResponse", () => {
  it("answers a UserError with its own status and message", async () => {
    for (const [error, status] of [[new UserError("bad input"), 400], [new NotFoundError("no such prompt"), 404], [new ConflictError("taken"), 409]] as const) {
      const response = errorResponse(error);
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({ error: error.message });
    }
  });

  it("answers anything else with 500 and a generic message, logging the details", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = errorResponse(new Error('relation "Secret" does not exist at 10.0.0.5'));
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: string };
    expect(body.error).not.toMatch(/Secret|10\.0\.0\.5/);
    expect(log).toHaveBeenCalled();
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
