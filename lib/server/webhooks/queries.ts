import "server-only";
import { sql } from "kysely";
import { DELIVERIES_PAGE_SIZE, type DeliveriesQuery, type WebhookEventType } from "@/lib/schemas/webhooks";
import { db, utc } from "../db";
import { NotFoundError } from "../errors";

// Webhooks and their delivery log as the settings page shows them, built field by field from
// selections that never include the secret (its ciphertext is not even read here).

export interface WebhookView {
  id: number;
  url: string;
  description: string;
  events: WebhookEventType[];
  enabled: boolean;
  createdAt: Date;
  /** deliveries by status, over the webhook's whole log */
  deliveries: { pending: number; delivered: number; failed: number };
  lastDelivery: { status: string; eventType: string; at: Date } | null;
}

export async function listWebhooks(): Promise<WebhookView[]> {
  const rows = await webhookRows().orderBy("w.id").execute();
  return rows.map(toView);
}

export async function getWebhook(id: number): Promise<WebhookView> {
  const row = await webhookRows().where("w.id", "=", id).executeTakeFirst();
  if (!row) throw new NotFoundError(`There is no webhook #${id}.`);
  return toView(row);
}

function webhookRows() {
  return db.selectFrom("Webhook as w").select([
    "w.id",
    "w.url",
    "w.description",
    "w.events",
    "w.enabled",
    utc("w.createdAt").as("createdAt"),
    sql<number>`(SELECT count(*) FROM "WebhookDelivery" d WHERE d."webhookId" = w.id AND d.status IN ('PENDING', 'SENDING'))::int`.as("pending"),
    sql<number>`(SELECT count(*) FROM "WebhookDelivery" d WHERE d."webhookId" = w.id AND d.status = 'DELIVERED')::int`.as("delivered"),
    sql<number>`(SELECT count(*) FROM "WebhookDelivery" d WHERE d."webhookId" = w.id AND d.status = 'FAILED')::int`.as("failed"),
    sql<{ status: string; eventType: string; at: string } | null>`(SELECT json_build_object('status', d.status, 'eventType', d."eventType", 'at', coalesce(d."finishedAt", d."createdAt"))
         FROM "WebhookDelivery" d WHERE d."webhookId" = w.id ORDER BY d.id DESC LIMIT 1)`.as("last"),
  ]);
}

type WebhookRow = Awaited<ReturnType<ReturnType<typeof webhookRows>["executeTakeFirstOrThrow"]>>;

function toView(row: WebhookRow): WebhookView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events as WebhookEventType[],
    enabled: row.enabled,
    createdAt: row.createdAt,
    deliveries: { pending: row.pending, delivered: row.delivered, failed: row.failed },
    // json_build_object writes the timestamp without a zone; it is UTC, as Prisma writes them
    lastDelivery: row.last && { status: row.last.status, eventType: row.last.eventType, at: new Date(`${row.last.at}Z`) },
  };
}

export interface DeliveryView {
  id: number;
  eventType: string;
  messageId: string;
  status: "PENDING" | "SENDING" | "DELIVERED" | "FAILED" | "CANCELLED";
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  /** when the next attempt is due; null once it ended */
  nextAttemptAt: Date | null;
  finishedAt: Date | null;
  attemptLog: { attempt: number; status: number | null; error: string | null; responseBody: string | null; durationMs: number; startedAt: Date }[];
}

export interface DeliveryPage {
  deliveries: DeliveryView[];
  /** the `before` of the next (older) page; absent on the last */
  nextBefore?: number;
}

/** A webhook's deliveries, newest first, a page at a time, each with its attempts. */
export async function listDeliveries(webhookId: number, query: DeliveriesQuery): Promise<DeliveryPage> {
  await getWebhookId(webhookId);
  let rows = db
    .selectFrom("WebhookDelivery as d")
    .select([
      "d.id",
      "d.eventType",
      "d.messageId",
      "d.status",
      "d.attempts",
      "d.lastStatus",
      "d.lastError",
      utc("d.createdAt").as("createdAt"),
      utc("d.nextAttemptAt").as("nextAttemptAt"),
      utc("d.finishedAt").as("finishedAt"),
    ])
    .where("d.webhookId", "=", webhookId)
    .orderBy("d.id", "desc")
    .limit(DELIVERIES_PAGE_SIZE + 1);
  if (query.before !== undefined) rows = rows.where("d.id", "<", query.before);
  const page = await rows.execute();
  const shown = page.slice(0, DELIVERIES_PAGE_SIZE);
  const attempts = shown.length
    ? await db
        .selectFrom("WebhookAttempt")
        .select(["deliveryId", "attempt", "status", "error", "responseBody", "durationMs", utc("startedAt").as("startedAt")])
        .where(
          "deliveryId",
          "in",
          shown.map((row) => row.id),
        )
        .orderBy("id")
        .execute()
    : [];
  return {
    deliveries: shown.map((row) => ({
      ...row,
      nextAttemptAt: row.finishedAt === null && row.status !== "CANCELLED" ? row.nextAttemptAt : null,
      attemptLog: attempts.filter((a) => a.deliveryId === row.id).map(({ deliveryId: _, ...attempt }) => attempt),
    })),
    nextBefore: page.length > DELIVERIES_PAGE_SIZE ? shown.at(-1)!.id : undefined,
  };
}

async function getWebhookId(id: number): Promise<number> {
  const row = await db.selectFrom("Webhook").select("id").where("id", "=", id).executeTakeFirst();
  if (!row) throw new NotFoundError(`There is no webhook #${id}.`);
  return row.id;
}
