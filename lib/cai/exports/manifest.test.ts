import { expect, it } from "vitest";
import { templateHashes } from "./manifest";

it("hashes the SL-CAI and labeling templates: hex sha256, the same on every call, different from each other", () => {
  const hashes = templateHashes();
  expect(hashes.slCai).toMatch(/^[0-9a-f]{64}$/);
  expect(hashes.labels).toMatch(/^[0-9a-f]{64}$/);
  expect(hashes.slCai).not.toBe(hashes.labels);
  expect(templateHashes()).toEqual(hashes);
});
