import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { UserError } from "@/lib/server/errors";
import { decryptSecret, encryptSecret, secretKeyFromEnvironment } from "@/lib/server/endpoints/secret-box";
import { TEST_API_KEY } from "../fake-llm/endpoints";
import { SECRET_KEY_HEX, useSecretKey } from "./helpers";

afterEach(() => vi.unstubAllEnvs());

const owner = 'endpoint "test"';

function messageOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error("expected an error");
}

describe("secret box", () => {
  it("round-trips a key, with a fresh IV each time and no plaintext in the stored bytes", () => {
    useSecretKey();
    const first = encryptSecret(TEST_API_KEY);
    const second = encryptSecret(TEST_API_KEY);
    expect(first.equals(second)).toBe(false);
    expect(first.length).toBe(1 + 12 + 16 + Buffer.byteLength(TEST_API_KEY));
    expect(first.toString("latin1")).not.toContain(TEST_API_KEY);
    expect(decryptSecret(first, owner)).toBe(TEST_API_KEY);
    expect(decryptSecret(new Uint8Array(second), owner)).toBe(TEST_API_KEY);
  });

  it("accepts the key as base64 too", () => {
    useSecretKey(Buffer.from(SECRET_KEY_HEX, "hex").toString("base64"));
    const box = encryptSecret("abc");
    useSecretKey(SECRET_KEY_HEX);
    expect(decryptSecret(box, owner)).toBe("abc");
  });

  it("detects a changed byte anywhere: IV, tag or ciphertext", () => {
    useSecretKey();
    const box = encryptSecret(TEST_API_KEY);
    for (const position of [1, 5, 13, 20, 29, box.length - 1]) {
      const tampered = Buffer.from(box);
      tampered[position] ^= 0x01;
      expect(messageOf(() => decryptSecret(tampered, owner))).toMatch(/could not be decrypted: CAI_SECRET_KEY is not the one it was stored with, or the stored value was changed/);
    }
    expect(messageOf(() => decryptSecret(box.subarray(0, 20), owner))).toMatch(/not in a format this studio wrote/);
  });

  it("refuses to decrypt under another key", () => {
    useSecretKey();
    const box = encryptSecret(TEST_API_KEY);
    useSecretKey(randomBytes(32).toString("hex"));
    const message = messageOf(() => decryptSecret(box, owner));
    expect(message).toContain('endpoint "test"');
    expect(message).not.toContain(TEST_API_KEY);
  });

  it("without CAI_SECRET_KEY, refuses to store and says what to do instead", () => {
    useSecretKey("");
    const message = messageOf(() => encryptSecret(TEST_API_KEY));
    expect(message).toContain("CAI_SECRET_KEY");
    expect(message).toMatch(/name of an environment variable/);
    expect(message).toMatch(/^apiKey\.value:/);
  });

  it("rejects a CAI_SECRET_KEY of the wrong size without echoing it", () => {
    const wrong = "0123456789abcdef0123456789abcdef"; // 16 bytes as hex
    useSecretKey(wrong);
    const message = messageOf(() => secretKeyFromEnvironment());
    expect(message).toMatch(/32 bytes/);
    expect(message).not.toContain(wrong);
  });
});
