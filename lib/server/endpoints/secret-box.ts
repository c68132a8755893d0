import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { MissingEnvironmentError, UserError } from "../errors";

// API keys typed into the settings page are stored AES-256-GCM encrypted under CAI_SECRET_KEY,
// which lives only in the server's environment: a copy of the database alone does not give the
// keys away, and GCM's tag makes any change to a stored value fail loudly instead of decrypting
// to garbage. See docs/decisions/003-api-keys.md. The box itself (seal, unseal) also keeps the
// webhooks' signing secrets, under a key of their own (lib/server/webhooks/secret.ts).
//
// Layout of a stored value: version byte (1) | IV (12 random bytes) | tag (16) | ciphertext.

const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;
// Binds a ciphertext to its purpose: a value encrypted for something else under the same key fails.
const ASSOCIATED_DATA = Buffer.from("cai-studio:endpoint-api-key:v1");

export const SECRET_KEY_ENV = "CAI_SECRET_KEY";

export class SecretKeyMissingError extends MissingEnvironmentError {
  constructor(message: string) {
    super(SECRET_KEY_ENV, message);
  }
}

/** The 32-byte key from CAI_SECRET_KEY (64 hex digits, or base64), or undefined when unset. */
export function secretKeyFromEnvironment(env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const raw = env[SECRET_KEY_ENV]?.trim();
  if (!raw) return undefined;
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, "hex") : decodeBase64(raw);
  if (key?.length !== 32) {
    // Never echo the value: it is the key that protects every stored API key
    throw new UserError(`${SECRET_KEY_ENV} must be 32 bytes written as 64 hex digits or as base64 (e.g. made with "openssl rand -hex 32"); the value set is not.`);
  }
  return key;
}

/** For the settings page: whether a typed key can be stored at all, without revealing anything. */
export function secretKeyStatus(): "set" | "missing" | "invalid" {
  try {
    return secretKeyFromEnvironment() ? "set" : "missing";
  } catch {
    return "invalid";
  }
}

function decodeBase64(raw: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw)) return undefined;
  return Buffer.from(raw, raw.includes("-") || raw.includes("_") ? "base64url" : "base64");
}

function requireKey(purpose: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const key = secretKeyFromEnvironment(env);
  if (!key) {
    throw new SecretKeyMissingError(
      `${purpose} needs ${SECRET_KEY_ENV} in the server's environment (32 bytes as hex or base64, e.g. made with "openssl rand -hex 32"). ` +
        "Set it and restart the studio, or give the name of an environment variable that holds the key instead.",
    );
  }
  return key;
}

export function encryptSecret(plaintext: string): Buffer {
  return seal(requireKey("apiKey.value: storing an API key"), ASSOCIATED_DATA, plaintext);
}

/** `owner` names what the key belongs to in error messages, e.g. `endpoint "local vLLM"`. */
export function decryptSecret(stored: Uint8Array, owner: string, env: NodeJS.ProcessEnv = process.env): string {
  const opened = unseal(requireKey(`Reading the stored API key of ${owner}`, env), ASSOCIATED_DATA, stored);
  if (opened.problem === "format") {
    throw new UserError(`The stored API key of ${owner} is not in a format this studio wrote. Enter the key again in Settings.`);
  }
  if (opened.problem) {
    throw new UserError(
      `The stored API key of ${owner} could not be decrypted: ${SECRET_KEY_ENV} is not the one it was stored with, or the stored value was changed. ` +
        "Restore the old key, or enter the API key again in Settings.",
    );
  }
  return opened.plaintext;
}

/**
 * The box itself, for any secret the studio keeps (webhook signing secrets too): AES-256-GCM under
 * `key` (32 bytes), bound to `purpose` as associated data, so a value sealed for one purpose does
 * not open for another under the same key.
 */
export function seal(key: Buffer, purpose: Buffer, plaintext: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(purpose);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT_VERSION]), iv, cipher.getAuthTag(), ciphertext]);
}

/** The plaintext, or the problem: not a box this code wrote ("format"), or the wrong key or changed bytes ("key"). */
export function unseal(key: Buffer, purpose: Buffer, stored: Uint8Array): { plaintext: string; problem?: undefined } | { problem: "format" | "key" } {
  const box = Buffer.from(stored);
  if (box.length <= HEADER_BYTES || box[0] !== FORMAT_VERSION) return { problem: "format" };
  const iv = box.subarray(1, 1 + IV_BYTES);
  const tag = box.subarray(1 + IV_BYTES, HEADER_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(purpose);
  decipher.setAuthTag(tag);
  try {
    return { plaintext: Buffer.concat([decipher.update(box.subarray(HEADER_BYTES)), decipher.final()]).toString("utf8") };
  } catch {
    return { problem: "key" };
  }
}
