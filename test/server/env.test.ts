import { describe, expect, it } from "vitest";
import { readEnv, requiredEnv } from "@/lib/server/env";

// The one module that reads the studio's environment: defaults, forgiving counts, errors that name
// the variable, and reads that happen on use (a variable set after import is seen).

describe("readEnv", () => {
  it("gives the defaults when nothing is set, and treats an empty value as unset", () => {
    const env = readEnv({ PORT: "", CAI_POOL_SIZE: "" });
    expect(env.PORT).toBe("3000");
    expect(env.CAI_POOL_SIZE).toBe(8);
    expect(env.CAI_PGLITE_PORT).toBe(54329);
    expect(env.CAI_IMPORT_MEMORY_MB).toBe(512);
    expect(env.CAI_EXPORT_SLOTS).toBe(1);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("reads counts, and falls back to the default for one that is not a positive whole number", () => {
    expect(readEnv({ CAI_WORKER_SLOTS: "16" }).CAI_WORKER_SLOTS).toBe(16);
    expect(readEnv({ CAI_WORKER_SLOTS: "sixteen" }).CAI_WORKER_SLOTS).toBe(64);
    expect(readEnv({ CAI_WORKER_SLOTS: "-3" }).CAI_WORKER_SLOTS).toBe(64);
    expect(readEnv({ CAI_IMPORT_MEMORY_MB: "16" }).CAI_IMPORT_MEMORY_MB).toBe(512);
    expect(readEnv({ CAI_EXPORT_SLOTS: "0" }).CAI_EXPORT_SLOTS).toBe(0);
  });

  it("names the variable in the error for a malformed value", () => {
    expect(() => readEnv({ CAI_PGLITE_PORT: "99999" }).CAI_PGLITE_PORT).toThrow(/CAI_PGLITE_PORT must be a port number, not "99999"/);
    expect(() => readEnv({ CAI_PUBLIC_URL: "studio" }).CAI_PUBLIC_URL).toThrow(/CAI_PUBLIC_URL must be an address/);
    expect(readEnv({ CAI_PUBLIC_URL: " https://studio.example.org/path " }).CAI_PUBLIC_URL).toBe("https://studio.example.org");
  });

  it("reads the Hugging Face Hub's address and token as Hugging Face's libraries name them", () => {
    expect(readEnv({}).HF_ENDPOINT).toBe("https://huggingface.co");
    expect(readEnv({ HF_ENDPOINT: " http://127.0.0.1:8080/ " }).HF_ENDPOINT).toBe("http://127.0.0.1:8080");
    expect(readEnv({ HF_ENDPOINT: "https://hub.example.org/mirror/" }).HF_ENDPOINT).toBe("https://hub.example.org/mirror");
    expect(() => readEnv({ HF_ENDPOINT: "huggingface.co" }).HF_ENDPOINT).toThrow(/HF_ENDPOINT must be the Hub's address/);
    expect(() => readEnv({ HF_ENDPOINT: "file:///etc" }).HF_ENDPOINT).toThrow(/HF_ENDPOINT must be the Hub's address/);
    expect(readEnv({ HF_TOKEN: "" }).HF_TOKEN).toBeUndefined();
  });

  it("reads a variable when it is used, not when the view was made", () => {
    const source: Record<string, string | undefined> = {};
    const env = readEnv(source);
    expect(env.CAI_SIGN_IN_LIMIT).toBe(5);
    source.CAI_SIGN_IN_LIMIT = "9";
    expect(env.CAI_SIGN_IN_LIMIT).toBe(9);
  });
});

describe("requiredEnv", () => {
  it("says how to set a variable the code cannot run without", () => {
    expect(() => requiredEnv("DATABASE_URL", {})).toThrow(/DATABASE_URL is not set\. Start the studio with `npm start`/);
    expect(requiredEnv("BETTER_AUTH_SECRET", { BETTER_AUTH_SECRET: "x".repeat(32) })).toBe("x".repeat(32));
  });
});
