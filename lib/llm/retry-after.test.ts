import { describe, expect, it } from "vitest";
import { retryAfterMsFromHeaders } from "./retry-after";

describe("retryAfterMsFromHeaders", () => {
  const now = Date.parse("2026-03-01T12:00:00Z");

  it("reads seconds, fractional seconds, and an HTTP date", () => {
    expect(retryAfterMsFromHeaders(new Headers({ "retry-after": "7" }), now)).toBe(7000);
    expect(retryAfterMsFromHeaders(new Headers({ "retry-after": "0.5" }), now)).toBe(500);
    expect(retryAfterMsFromHeaders(new Headers({ "retry-after": "Sun, 01 Mar 2026 12:00:30 GMT" }), now)).toBe(30_000);
  });

  it("prefers retry-after-ms, OpenAI's finer header", () => {
    expect(retryAfterMsFromHeaders(new Headers({ "retry-after-ms": "120", "retry-after": "1" }), now)).toBe(120);
  });

  it("treats a date in the past as no wait, and nonsense or absence as nothing said", () => {
    expect(retryAfterMsFromHeaders(new Headers({ "retry-after": "Sun, 01 Mar 2026 11:00:00 GMT" }), now)).toBe(0);
    expect(retryAfterMsFromHeaders(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterMsFromHeaders(new Headers(), now)).toBeUndefined();
    expect(retryAfterMsFromHeaders(undefined, now)).toBeUndefined();
  });
});
