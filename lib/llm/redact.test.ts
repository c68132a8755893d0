import { describe, expect, it } from "vitest";
import { displayableUrl, redactSecret } from "./redact";

describe("redactSecret", () => {
  const key = "sk-live-0123456789abcdef";

  it("removes the key wherever it appears, bare or as a bearer token", () => {
    expect(redactSecret(`invalid x-api-key: ${key} (key ${key})`, key)).toBe("invalid x-api-key: [redacted] (key [redacted])");
    expect(redactSecret(`Incorrect API key provided: Bearer ${key}.`, key)).toBe("Incorrect API key provided: Bearer [redacted]");
  });

  it("removes bearer tokens even when it does not know the key", () => {
    expect(redactSecret('echo: "Authorization: Bearer abc.def-ghi"', undefined)).toBe('echo: "Authorization: Bearer [redacted]"');
  });
});

describe("displayableUrl", () => {
  it("drops credentials and query strings from a base URL", () => {
    expect(displayableUrl("https://user:s3cret@llm.example.com/v1?api-key=abc")).toBe("https://llm.example.com/v1");
    expect(displayableUrl("http://127.0.0.1:8000/v1/")).toBe("http://127.0.0.1:8000/v1");
    expect(displayableUrl("not a url")).toBe("(invalid base URL)");
  });
});
