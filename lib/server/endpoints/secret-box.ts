import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { MissingEnvironmentError, UserError } from "../errors";

// API keys typed into the settings page are stored AES-256-GCM encrypted under CAI_SECRET_KEY,
// which lives only in the server's environment: a copy of the database alone does not give the
// keys away, and GCM's tag makes any change to a stored value fail loudly instead of decrypting
// to garbage. See docs/decisions/003-api-keys.md.
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
  const key = requireKey("apiKey.value: storing an API key");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(ASSOCIATED_DATA);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT_VERSION]), iv, cipher.getAuthTag(), ciphertext]);
}

/** `owner` names what the key belongs to in error messages, e.g. `endpoint "local vLLM"`. */
export function decryptSecret(stored: Uint8Array, owner: string, env: NodeJS.ProcessEnv = process.env): string {
  const key = requireKey(`Reading the stored API key of ${owner}`, env);
  const box = Buffer.from(stored);
  if (box.length <= HEADER_BYTES || box[0] !== FORMAT_VERSION) {
    throw new UserError(`The stored API key of ${owner} is not in a format this studio wrote. Enter the key again in Settings.`);
  }
  const iv = box.subarray(1, 1 + IV_BYTES);
  const tag = box.subarray(1 + IV_BYTES, HEADER_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(ASSOCIATED_DATA);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(box.subarray(HEADER_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new UserError(
      `The stored API key of ${owner} could not be decrypted: ${SECRET_KEY_ENV} is not the one it was stored with, or the stored value was changed. ` +
        "Restore the old key, or enter the API key again in Settings.",
    );
  }
}
