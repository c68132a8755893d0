import { afterEach } from "vitest";
import type { WebhookEventType } from "@/lib/schemas/webhooks";
import { prisma } from "@/lib/server/db";
import { createWebhook } from "@/lib/server/webhooks/mutations";
import { startReceiver, type TestReceiver } from "./receiver";

// Webhooks pointed at test receivers, removed with their receivers after each test, so no other
// test's events reach them. The pace every webhook test's worker uses: short, and the same in each
// file, so whichever worker takes a delivery retries it alike.

export const TEST_PACE = { timeoutMs: 2_000, firstRetryMs: 100, factor: 2 };

export function webhookTestbed() {
  const receivers: TestReceiver[] = [];
  const hookIds: number[] = [];
  afterEach(async () => {
    await prisma.webhook.deleteMany({ where: { id: { in: hookIds.splice(0) } } });
    await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
  });
  return {
    /** A receiver and a webhook that posts to it the events given; the receiver knows the secret. */
    async receiverWithHook(events: WebhookEventType[], options: Parameters<typeof startReceiver>[0] = {}) {
      const receiver = await startReceiver(options);
      receivers.push(receiver);
      const { webhook, secret } = await createWebhook({ url: receiver.url, events, description: "test receiver" });
      hookIds.push(webhook.id);
      receiver.secret = secret;
      return { receiver, webhook, secret };
    },
  };
}

export async function deliveriesOf(webhookId: number) {
  return prisma.webhookDelivery.findMany({ where: { webhookId }, orderBy: { id: "asc" }, include: { attemptLog: { orderBy: { attempt: "asc" } } } });
}
