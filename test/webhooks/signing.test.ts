import { describe, expect, it } from "vitest";
import { retryDelayMs, DEFAULT_PACE } from "@/lib/server/webhooks/deliver";
import { newWebhookSecret, openWebhookSecret, sealWebhookSecret } from "@/lib/server/webhooks/secret";
import { signedHeaders } from "@/lib/server/webhooks/signature";
import { verifySignature } from "./receiver";

// The signature against the Standard Webhooks reference vector and the test receiver's own check,
// the secrets' shape and box, and the retry schedule.

describe("Standard Webhooks signatures", () => {
  it("signs the reference vector as the specification's libraries do", () => {
    // from the Standard Webhooks libraries' tests (standard-webhooks/standard-webhooks)
    const headers = signedHeaders("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", '{"test": 2432232314}', new Date(1614265330 * 1000));
    expect(headers).toEqual({
      "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
      "webhook-timestamp": "1614265330",
      "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    });
  });

  it("passes an independent check, which a changed body, id or timestamp fails", () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ type: "run.succeeded", data: { runId: 1 } });
    const h = signedHeaders(secret, "msg_abc", body);
    expect(verifySignature(secret, h["webhook-id"], h["webhook-timestamp"], body, h["webhook-signature"])).toBe(true);
    expect(verifySignature(secret, h["webhook-id"], h["webhook-timestamp"], `${body} `, h["webhook-signature"])).toBe(false);
    expect(verifySignature(secret, "msg_abd", h["webhook-timestamp"], body, h["webhook-signature"])).toBe(false);
    expect(verifySignature(secret, h["webhook-id"], String(Number(h["webhook-timestamp"]) + 1), body, h["webhook-signature"])).toBe(false);
    expect(verifySignature(newWebhookSecret(), h["webhook-id"], h["webhook-timestamp"], body, h["webhook-signature"])).toBe(false);
  });
});

describe("webhook secrets", () => {
  it("are whsec_ and the base64 of 24 random bytes, sealed so the stored bytes do not hold them", () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(24);
    const stored = sealWebhookSecret(secret);
    expect(Buffer.from(stored).includes(Buffer.from(secret))).toBe(false);
    expect(Buffer.from(stored).includes(Buffer.from(secret.slice(6), "base64"))).toBe(false);
    expect(openWebhookSecret(stored, 1)).toBe(secret);
  });

  it("cannot be read under another session secret, and say what to do", () => {
    const stored = sealWebhookSecret(newWebhookSecret());
    const saved = process.env.BETTER_AUTH_SECRET;
    process.env.BETTER_AUTH_SECRET = "another-session-secret-of-at-least-32-chars";
    try {
      expect(() => openWebhookSecret(stored, 7)).toThrow(/signing secret of webhook 7 could not be read.*Rotate the webhook's secret/);
    } finally {
      process.env.BETTER_AUTH_SECRET = saved;
    }
  });
});

describe("the retry schedule", () => {
  it("waits 10 s after the first failure, then six times longer each time", () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, DEFAULT_PACE) / 1000)).toEqual([10, 60, 360, 2160, 12960]);
  });
});
