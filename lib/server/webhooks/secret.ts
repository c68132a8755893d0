import "server-only";
import { hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "../auth/secret";
import { seal, unseal } from "../endpoints/secret-box";
import { UserError } from "../errors";

// A webhook's signing secret (Standard Webhooks: "whsec_" and the base64 of 24 random bytes). The
// server must read it to sign, so it is kept encrypted, not hashed: sealed (secret-box.ts) under a
// key derived from the session secret, which every studio has with no setting (`npm start` keeps
// one in the data directory). A copy of the database alone does not give the secrets away.
// docs/decisions/011-webhooks.md says why this key and not CAI_SECRET_KEY.

const PREFIX = "whsec_";
const SECRET_BYTES = 24;
// binds the box to its purpose, and the derived key to this use of the session secret
const PURPOSE = Buffer.from("cai-studio:webhook-secret:v1");

export function newWebhookSecret(): string {
  return `${PREFIX}${randomBytes(SECRET_BYTES).toString("base64")}`;
}

/** The bytes a secret stands for: what HMAC-SHA256 signs with. */
export function secretBytes(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, "base64");
}

function storageKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret(), Buffer.alloc(0), PURPOSE, 32));
}

export function sealWebhookSecret(secret: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(seal(storageKey(), PURPOSE, secret));
}

/** Whether this process can sign: it has the session secret the webhook secrets are sealed under. */
export function canOpenWebhookSecrets(): boolean {
  try {
    storageKey();
    return true;
  } catch {
    return false;
  }
}

export function openWebhookSecret(stored: Uint8Array, webhookId: number): string {
  const opened = unseal(storageKey(), PURPOSE, stored);
  if (opened.problem) {
    throw new UserError(
      `The signing secret of webhook ${webhookId} could not be read: the studio's session secret (BETTER_AUTH_SECRET, or .data/auth-secret) ` +
        "is not the one it was stored with. Rotate the webhook's secret in Settings and give the new one to its receiver.",
    );
  }
  return opened.plaintext;
}
