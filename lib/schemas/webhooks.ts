import { z } from "zod";
import { id } from "./ids";

// Webhooks as the settings form and the /api/webhooks routes write them, and the events they can
// hear: one list for the checkboxes, the server's check and the emitters (lib/server/webhooks).

export const WEBHOOK_EVENTS = ["run.succeeded", "run.failed", "export.succeeded", "export.failed", "import.succeeded", "review_queue.completed"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** What each event means, for the form's checkboxes. */
export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  "run.succeeded": "A run succeeded (at least one item done)",
  "run.failed": "A run failed (every item failed)",
  "export.succeeded": "An export's files are written",
  "export.failed": "An export failed",
  "import.succeeded": "An import finished",
  "review_queue.completed": "A review queue has all the answers it needs",
};

/** Sent only by "Send test event": no webhook subscribes to it. */
export const WEBHOOK_TEST_EVENT = "webhook.test";

const url = z
  .string({ error: "is required" })
  .trim()
  .min(1, "give the address to POST events to")
  .max(2000, "must be at most 2,000 characters")
  .pipe(z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL, e.g. https://ci.example.org/hooks/cai" }))
  .refine((value) => {
    // checked only once the URL parses (refinements run even after the check above failed)
    if (!URL.canParse(value)) return true;
    const parsed = new URL(value);
    return !parsed.username && !parsed.password;
  }, "must not hold a user name or password: the signature tells the receiver the studio sent it");

const events = z
  .array(z.enum(WEBHOOK_EVENTS, { error: `must be one of ${WEBHOOK_EVENTS.join(", ")}` }), { error: "must be a list of event types" })
  .min(1, "choose at least one event")
  .transform((list) => WEBHOOK_EVENTS.filter((event) => list.includes(event)));

const description = z.string({ error: "must be text" }).trim().max(200, "must be at most 200 characters");

export const createWebhookSchema = z.object({ url, events, description: description.default("") }).strict();
export type CreateWebhookInput = z.infer<typeof createWebhookSchema>;

/** Only what is sent changes. */
export const updateWebhookSchema = z
  .object({ url: url.optional(), events: events.optional(), description: description.optional(), enabled: z.boolean({ error: "must be true or false" }).optional() })
  .strict();
export type UpdateWebhookInput = z.infer<typeof updateWebhookSchema>;

export const DELIVERIES_PAGE_SIZE = 25;

/** A page of a webhook's deliveries, newest first: `before` is the last id of the page above. */
export const deliveriesQuerySchema = z.object({ before: id.optional() }).strict();
export type DeliveriesQuery = z.infer<typeof deliveriesQuerySchema>;

/** The :id of a /api/webhooks/:id route. */
export const webhookParamsSchema = z.object({ id });
