import "server-only";
import { createHmac } from "node:crypto";
import { secretBytes } from "./secret";

// The Standard Webhooks signature (https://www.standardwebhooks.com): HMAC-SHA256 with the secret's
// bytes over "<webhook-id>.<webhook-timestamp>.<body>", base64, as "v1,<signature>". A receiver
// checks it with any Standard Webhooks library, and refuses a timestamp too far from its clock.

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/** The three headers of one attempt: the message's id, the attempt's time (unix seconds) and their signature with the body. */
export function signedHeaders(secret: string, messageId: string, body: string, at: Date = new Date()): SignedHeaders {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = createHmac("sha256", secretBytes(secret)).update(`${messageId}.${timestamp}.${body}`).digest("base64");
  return { "webhook-id": messageId, "webhook-timestamp": timestamp, "webhook-signature": `v1,${signature}` };
}
