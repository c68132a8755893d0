import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import { ApiError, fetchJson, postJson, sendJson } from "@/components/ui/fetch-json";
import type { RunProgress } from "@/lib/schemas/runs";

afterEach(() => vi.unstubAllGlobals());

const answer = (status: number, body?: unknown) =>
  vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));

describe("the typed fetch helpers", () => {
  it("answer the type the route's entry in lib/schemas/responses names, from its path alone", () => {
    expectTypeOf(() => fetchJson(`/api/runs/${3 as number}`)).returns.resolves.toEqualTypeOf<RunProgress>();
    expectTypeOf(() => postJson("/api/labels/runs", {})).returns.resolves.toEqualTypeOf<{ runId: number; items: number }>();
    // @ts-expect-error a path the API does not answer
    void (() => fetchJson("/api/nowhere"));
  });

  it("send JSON with the method, and read the answer", async () => {
    const fetch = answer(201, { runId: 4, items: 2 });
    vi.stubGlobal("fetch", fetch);
    await expect(postJson("/api/runs", { name: "x" })).resolves.toEqual({ runId: 4, items: 2 });
    expect(fetch).toHaveBeenCalledWith("/api/runs", { method: "POST", headers: { "content-type": "application/json" }, body: '{"name":"x"}' });
    vi.stubGlobal("fetch", answer(204));
    await expect(sendJson("DELETE", "/api/endpoints/3")).resolves.toBeUndefined();
  });

  it("fail with an ApiError carrying the answer's message, status and fields", async () => {
    vi.stubGlobal("fetch", answer(400, { error: "name: Too small", fields: [{ path: "name", message: "Too small" }] }));
    const refused = await postJson("/api/runs", {}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ message: "name: Too small", status: 400, fields: [{ path: "name", message: "Too small" }] });
  });

  it("use the page's own words when the answer says nothing or the server cannot be reached", async () => {
    vi.stubGlobal("fetch", answer(502, "<html>"));
    await expect(fetchJson("/api/endpoints")).rejects.toMatchObject({ message: "the server answered 502", fields: [] });
    await expect(fetchJson("/api/endpoints", { failed: (status) => `The server answered ${status}.` })).rejects.toThrow("The server answered 502.");
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))),
    );
    await expect(fetchJson("/api/endpoints")).rejects.toThrow("Failed to fetch");
    await expect(fetchJson("/api/endpoints", { unreachable: "The studio's server could not be reached." })).rejects.toThrow("The studio's server could not be reached.");
  });
});
