import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db";
import { inTransaction, pgPool } from "@/lib/server/pg";
import { retryDelayMs } from "@/lib/server/webhooks/deliver";
import { sendTestEvent, updateWebhook } from "@/lib/server/webhooks/mutations";
import { postSigned } from "@/lib/server/webhooks/post";
import { enqueueDeliveries, MAX_ATTEMPTS } from "@/lib/server/webhooks/queue";
import { eventually, workerTestbed } from "../runs/harness";
import { deliveriesOf, TEST_PACE, webhookTestbed } from "./helpers";
import { startReceiver } from "./receiver";

// Deliveries over real HTTP to a receiver that checks signatures on its own: retried with backoff
// under one webhook-id until a 2xx, then never again; FAILED after MAX_ATTEMPTS; each attempt
// logged with what came back; cancelled when the webhook is disabled; a dead worker's claim taken
// back; a receiver that never answers costs one timeout.

const { startWorker } = workerTestbed({ slots: 1, webhookSlots: 4, webhookPace: TEST_PACE });
const { receiverWithHook } = webhookTestbed();

const settled = (status: string) => async (webhookId: number) =>
  eventually(
    () => deliveriesOf(webhookId),
    (rows) => rows.length === 1 && rows[0].status === status,
    20_000,
  );

describe("a webhook delivery", () => {
  it("retries a failing receiver with backoff under one signed webhook-id, and stops at its first 2xx", async () => {
    const { receiver, webhook } = await receiverWithHook(["run.succeeded"], { failFirst: 3 });
    await startWorker();
    await sendTestEvent(webhook.id);
    const [delivery] = await settled("DELIVERED")(webhook.id);

    expect(receiver.received.map((r) => r.answered)).toEqual([500, 500, 500, 200]);
    expect(receiver.received.every((r) => r.valid)).toBe(true);
    expect(new Set(receiver.received.map((r) => r.id))).toEqual(new Set([delivery.messageId]));
    expect(delivery.messageId).toMatch(/^msg_[A-Za-z0-9_-]{24}$/);
    // the same bytes every time, each attempt signed with its own timestamp
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    expect(JSON.parse(receiver.received[0].body)).toMatchObject({ type: "webhook.test", data: { webhookId: webhook.id, path: "/settings/webhooks" } });
    for (const r of receiver.received) expect(Math.abs(r.timestamp * 1000 - r.at)).toBeLessThan(2_000);
    // each retry waited at least its backoff, each longer than the one before
    for (let i = 1; i < receiver.received.length; i++) {
      expect(receiver.received[i].at - receiver.received[i - 1].at).toBeGreaterThanOrEqual(retryDelayMs(i, TEST_PACE) - 5);
    }

    expect(delivery).toMatchObject({ attempts: 4, lastStatus: 200, lastError: null });
    expect(delivery.finishedAt).not.toBeNull();
    expect(delivery.attemptLog.map((a) => [a.attempt, a.status, a.error])).toEqual([
      [1, 500, "the receiver answered 500"],
      [2, 500, "the receiver answered 500"],
      [3, 500, "the receiver answered 500"],
      [4, 200, null],
    ]);
    expect(delivery.attemptLog[0].responseBody).toBe("<b>not now</b>");

    // another job for it (a duplicate, a sweep) finds it delivered: no second POST
    await inTransaction((client) => enqueueDeliveries(client, [delivery.id]));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(receiver.received).toHaveLength(4);
    expect((await deliveriesOf(webhook.id))[0].attempts).toBe(4);
  });

  it("fails for good after MAX_ATTEMPTS attempts, each logged with its status", async () => {
    const { receiver, webhook } = await receiverWithHook(["run.succeeded"], { failFirst: Infinity, failStatus: 503 });
    await startWorker();
    await sendTestEvent(webhook.id);
    const [delivery] = await settled("FAILED")(webhook.id);
    expect(receiver.received).toHaveLength(MAX_ATTEMPTS);
    expect(receiver.received.every((r) => r.valid && r.id === delivery.messageId)).toBe(true);
    expect(delivery).toMatchObject({ attempts: MAX_ATTEMPTS, lastStatus: 503, lastError: "the receiver answered 503" });
    expect(delivery.attemptLog.map((a) => a.status)).toEqual(Array(MAX_ATTEMPTS).fill(503));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.received).toHaveLength(MAX_ATTEMPTS);
  });

  it("is cancelled, retries and all, when its webhook is disabled", async () => {
    const { receiver, webhook } = await receiverWithHook(["run.succeeded"], { failFirst: Infinity });
    await startWorker();
    await sendTestEvent(webhook.id);
    await eventually(
      () => deliveriesOf(webhook.id),
      (rows) => rows[0]?.attempts === 1 && rows[0].status === "PENDING",
    );
    await updateWebhook(webhook.id, { enabled: false });
    const [delivery] = await deliveriesOf(webhook.id);
    expect(delivery).toMatchObject({ status: "CANCELLED", lastError: "cancelled: the webhook was disabled" });
    await new Promise((resolve) => setTimeout(resolve, retryDelayMs(1, TEST_PACE) + 500));
    expect(receiver.received).toHaveLength(1);
    await expect(sendTestEvent(webhook.id)).rejects.toThrow(/is disabled/);
  });

  it("goes out while another webhook's receiver hangs: a slow receiver holds one slot, for at most the timeout", async () => {
    const slow = await receiverWithHook(["run.succeeded"], { hang: true });
    const fast = await receiverWithHook(["run.succeeded"]);
    await startWorker();
    await sendTestEvent(slow.webhook.id);
    await eventually(
      async () => slow.receiver.received.length,
      (count) => count === 1,
    );
    const started = Date.now();
    await sendTestEvent(fast.webhook.id);
    await settled("DELIVERED")(fast.webhook.id);
    expect(Date.now() - started).toBeLessThan(TEST_PACE.timeoutMs);
    expect((await deliveriesOf(slow.webhook.id))[0].status).toBe("SENDING");
    const [timedOut] = await eventually(
      () => deliveriesOf(slow.webhook.id),
      (rows) => rows[0].attemptLog.length > 0,
    );
    expect(timedOut.attemptLog[0]).toMatchObject({ status: null, error: `no answer within ${TEST_PACE.timeoutMs / 1000} s` });
    // to be tried again (or being tried again already)
    expect(["PENDING", "SENDING"]).toContain(timedOut.status);
  });

  it("is sent again when the worker that held it died, with the same webhook-id", async () => {
    const { receiver, webhook } = await receiverWithHook(["run.succeeded"]);
    // no worker yet: the delivery waits with its job; then a worker "takes" it and dies mid-attempt
    const { deliveryId } = await sendTestEvent(webhook.id);
    await pgPool().query(`DELETE FROM pgboss.job WHERE name = 'webhook-delivery' AND data->>'deliveryId' = $1`, [String(deliveryId)]);
    await pgPool().query(`UPDATE "WebhookDelivery" SET status = 'SENDING', "claimedBy" = 'dead-worker', "heartbeatAt" = now() - interval '1 hour', attempts = 1 WHERE id = $1`, [deliveryId]);
    await startWorker();
    const [delivery] = await settled("DELIVERED")(webhook.id);
    expect(delivery.attempts).toBe(2);
    expect(receiver.received.map((r) => [r.id, r.valid])).toEqual([[delivery.messageId, true]]);
  });
});

describe("one POST", () => {
  it("ends at the timeout when the receiver never answers", async () => {
    const receiver = await startReceiver({ hang: true });
    try {
      const outcome = await postSigned(receiver.url, {}, "{}", { timeoutMs: 300 });
      expect(outcome).toMatchObject({ delivered: false, status: null, error: "no answer within 300 ms", responseBody: null });
      expect(outcome.durationMs).toBeLessThan(2_000);
    } finally {
      await receiver.close();
    }
  });

  it("names a refused connection without the URL", async () => {
    const receiver = await startReceiver();
    const url = receiver.url;
    await receiver.close();
    const outcome = await postSigned(url, {}, "{}", { timeoutMs: 2_000 });
    expect(outcome).toMatchObject({ delivered: false, status: null, error: "could not reach the receiver (ECONNREFUSED)" });
  });
});

describe("deliveries of a deleted webhook", () => {
  it("go with it", async () => {
    const { webhook } = await receiverWithHook(["run.succeeded"]);
    await sendTestEvent(webhook.id);
    await prisma.webhook.delete({ where: { id: webhook.id } });
    expect(await deliveriesOf(webhook.id)).toEqual([]);
  });
});
