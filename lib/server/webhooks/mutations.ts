import "server-only";
import { WEBHOOK_TEST_EVENT, type CreateWebhookInput, type UpdateWebhookInput } from "@/lib/schemas/webhooks";
import { recordAudit, type Actor } from "../audit/record";
import { db, executeOn, prisma } from "../db";
import { ConflictError, NotFoundError } from "../errors";
import { cancel } from "../jobs/claims";
import { inTransaction } from "../pg";
import { emit } from "./emit";
import { getWebhook, type WebhookView } from "./queries";
import { DELIVERIES, ensureWebhookQueue } from "./queue";
import { newWebhookSecret, sealWebhookSecret } from "./secret";

// Registering, changing and removing webhooks, and what an admin does to one (a new secret, a test
// event). The signing secret leaves the server only in the answer to the request that made it
// (create, rotate), for the admin to give to the receiver; the audit trail says a secret was made,
// never which, and names the URL without its query string (a receiver's token may be there).

export interface WebhookWithSecret {
  webhook: WebhookView;
  /** shown once: the studio does not show it again */
  secret: string;
}

export async function createWebhook(input: CreateWebhookInput, by: Actor = {}): Promise<WebhookWithSecret> {
  // before any event can be queued for it: pg-boss drops a job for a queue that does not exist
  await ensureWebhookQueue();
  const secret = newWebhookSecret();
  const created = await prisma.$transaction(async (tx) => {
    const row = await tx.webhook.create({
      data: { url: input.url, description: input.description, events: input.events, secretCiphertext: sealWebhookSecret(secret), createdById: by.userId ?? null },
      select: { id: true },
    });
    await recordAudit(tx, { ...by, action: "webhook.create", entityType: "webhook", entityId: row.id, after: audited(input) });
    return row;
  });
  return { webhook: await getWebhook(created.id), secret };
}

/**
 * Changes what is sent. Disabling stops deliveries at once: the pending ones (and one being sent,
 * whose worker's record then fails its fence) are cancelled in the same transaction.
 */
export async function updateWebhook(id: number, input: UpdateWebhookInput, by: Actor = {}): Promise<WebhookView> {
  await prisma.$transaction(async (tx) => {
    const before = await tx.webhook.findUnique({ where: { id }, select: { url: true, description: true, events: true, enabled: true } });
    if (!before) throw new NotFoundError(`There is no webhook #${id}.`);
    await tx.webhook.update({ where: { id }, data: input });
    if (input.enabled === false && before.enabled) {
      await executeOn(tx, cancel(db, DELIVERIES).set({ lastError: "cancelled: the webhook was disabled" }).where("webhookId", "=", id));
    }
    await recordAudit(tx, { ...by, action: "webhook.update", entityType: "webhook", entityId: id, before: audited(before), after: audited({ ...before, ...input }) });
  });
  return getWebhook(id);
}

/** The webhook and its delivery log go; a delivery being sent records nothing. */
export async function deleteWebhook(id: number, by: Actor = {}): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await tx.webhook.findUnique({ where: { id }, select: { url: true, description: true, events: true, enabled: true } });
    if (!before) throw new NotFoundError(`There is no webhook #${id}.`);
    await tx.webhook.delete({ where: { id } });
    await recordAudit(tx, { ...by, action: "webhook.delete", entityType: "webhook", entityId: id, before: audited(before) });
  });
}

/** A new secret, shown once; deliveries from now on (retries too) are signed with it. */
export async function rotateWebhookSecret(id: number, by: Actor = {}): Promise<WebhookWithSecret> {
  const secret = newWebhookSecret();
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.webhook.updateMany({ where: { id }, data: { secretCiphertext: sealWebhookSecret(secret) } });
    if (count === 0) throw new NotFoundError(`There is no webhook #${id}.`);
    await recordAudit(tx, { ...by, action: "webhook.rotate_secret", entityType: "webhook", entityId: id, after: { secret: "new" } });
  });
  return { webhook: await getWebhook(id), secret };
}

/** A "webhook.test" event to this webhook alone, delivered (and retried) like any other. */
export async function sendTestEvent(id: number, by: Actor = {}): Promise<{ deliveryId: number }> {
  const webhook = await getWebhook(id);
  if (!webhook.enabled) throw new ConflictError(`Webhook #${id} is disabled: enable it to send it events.`);
  await ensureWebhookQueue();
  const [deliveryId] = await inTransaction(async (client) => {
    const made = await emit(
      client,
      [WEBHOOK_TEST_EVENT],
      async () => [{ type: WEBHOOK_TEST_EVENT, subject: `webhook:${id}`, data: { webhookId: id, message: "A test event from CAI Studio.", path: "/settings/webhooks" } }],
      { webhookId: id },
    );
    await recordAudit(client, { ...by, action: "webhook.test", entityType: "webhook", entityId: id, after: { deliveryId: made[0] } });
    return made;
  });
  if (deliveryId === undefined) throw new ConflictError(`Webhook #${id} is disabled: enable it to send it events.`);
  return { deliveryId };
}

/** A webhook's settings as the trail keeps them: the URL without its query string, never the secret. */
function audited(webhook: { url?: string; description?: string; events?: string[]; enabled?: boolean }) {
  return { ...webhook, url: webhook.url === undefined ? undefined : urlWithoutQuery(webhook.url) };
}

function urlWithoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}${parsed.search ? "?..." : ""}`;
}
