import { afterAll, describe, expect, it } from "vitest";
import * as hookRoute from "@/app/api/webhooks/[id]/route";
import * as deliveriesRoute from "@/app/api/webhooks/[id]/deliveries/route";
import * as rotateRoute from "@/app/api/webhooks/[id]/rotate-secret/route";
import * as testRoute from "@/app/api/webhooks/[id]/test/route";
import * as listRoute from "@/app/api/webhooks/route";
import { DELIVERIES_PAGE_SIZE } from "@/lib/schemas/webhooks";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { signedInJsonRequests } from "../auth/sessions";
import { startReceiver, type TestReceiver } from "./receiver";

// The /api/webhooks routes as an admin's page calls them: a URL that is not http(s) or events that
// are not events are refused by field; the secret is in the answer that made it (and in the one
// that rotated it) and nowhere else: not in list or log answers, not in the audit trail, which also
// leaves out the URL's query string (a receiver's token may be there).

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

const url = (path: string) => `http://studio.test${path}`;
const { request, json } = signedInJsonRequests("ADMIN");
const context = (id: number) => ({ params: Promise.resolve({ id: String(id) }) });

async function register(receiver: TestReceiver, events = ["run.succeeded", "import.succeeded"]) {
  const response = await listRoute.POST(json("POST", "/api/webhooks", { url: receiver.url, events, description: "CI trigger" }));
  expect(response.status).toBe(201);
  return (await response.json()) as { webhook: { id: number; events: string[] }; secret: string };
}

describe("/api/webhooks", () => {
  it("refuses what is not an http(s) URL, and events it does not know, by field", async () => {
    const answer = await listRoute.POST(json("POST", "/api/webhooks", { url: "ftp://example.org/hook", events: ["run.exploded"] }));
    expect(answer.status).toBe(400);
    const { fields } = (await answer.json()) as { fields: { path: string; message: string }[] };
    expect(fields.map((f) => f.path).sort()).toEqual(["events.0", "url"]);
    expect(fields.find((f) => f.path === "url")!.message).toMatch(/must be an http:\/\/ or https:\/\/ URL/);

    const empty = await listRoute.POST(json("POST", "/api/webhooks", { url: "https://user:pw@example.org/hook", events: [] }));
    const emptyFields = ((await empty.json()) as { fields: { path: string; message: string }[] }).fields;
    expect(emptyFields).toEqual([
      { path: "url", message: "must not hold a user name or password: the signature tells the receiver the studio sent it" },
      { path: "events", message: "choose at least one event" },
    ]);
  });

  it("shows the secret once, and never in lists, logs or the audit trail", async () => {
    const receiver = await startReceiver();
    try {
      const { webhook, secret } = await register(receiver);
      expect(secret).toMatch(/^whsec_/);
      expect(webhook.events).toEqual(["run.succeeded", "import.succeeded"]);
      receiver.secret = secret;

      const patched = await hookRoute.PATCH(json("PATCH", `/api/webhooks/${webhook.id}`, { events: ["run.failed"], description: "CI" }), context(webhook.id));
      expect(await patched.json()).toMatchObject({ id: webhook.id, events: ["run.failed"], description: "CI", enabled: true });
      const tested = await testRoute.POST(json("POST", `/api/webhooks/${webhook.id}/test`), context(webhook.id));
      expect(tested.status).toBe(202);
      const rotated = (await (await rotateRoute.POST(json("POST", `/api/webhooks/${webhook.id}/rotate-secret`), context(webhook.id))).json()) as { secret: string };
      expect(rotated.secret).toMatch(/^whsec_/);
      expect(rotated.secret).not.toBe(secret);

      const answers = [
        await (await listRoute.GET(request(url("/api/webhooks")))).text(),
        await (await deliveriesRoute.GET(request(url(`/api/webhooks/${webhook.id}/deliveries`)), context(webhook.id))).text(),
      ];
      const trail = JSON.stringify(await prisma.auditLog.findMany({ where: { entityType: "webhook", entityId: String(webhook.id) }, orderBy: { id: "asc" } }));
      for (const text of [...answers, trail]) {
        for (const leaked of [secret, rotated.secret, secret.slice(6), rotated.secret.slice(6)]) expect(text).not.toContain(leaked);
      }
      expect(trail).not.toContain("receiver-query-token");
      expect(JSON.parse(trail).map((entry: { action: string }) => entry.action)).toEqual(["webhook.create", "webhook.update", "webhook.test", "webhook.rotate_secret"]);
      expect(JSON.parse(answers[1])).toMatchObject({ deliveries: [{ eventType: "webhook.test", status: "PENDING", attempts: 0, attemptLog: [] }] });

      const deleted = await hookRoute.DELETE(json("DELETE", `/api/webhooks/${webhook.id}`), context(webhook.id));
      expect(deleted.status).toBe(204);
      expect((await hookRoute.DELETE(json("DELETE", `/api/webhooks/${webhook.id}`), context(webhook.id))).status).toBe(404);
      expect((await prisma.auditLog.findFirstOrThrow({ where: { entityType: "webhook", entityId: String(webhook.id), action: "webhook.delete" } })).before).toMatchObject({
        url: `${new URL(receiver.url).origin}/hooks/cai?...`,
      });
    } finally {
      await receiver.close();
    }
  });

  it("pages the delivery log newest first", async () => {
    const receiver = await startReceiver();
    try {
      const { webhook } = await register(receiver);
      for (let i = 0; i < DELIVERIES_PAGE_SIZE + 2; i++) await testRoute.POST(json("POST", `/api/webhooks/${webhook.id}/test`), context(webhook.id));
      const first = (await (await deliveriesRoute.GET(request(url(`/api/webhooks/${webhook.id}/deliveries`)), context(webhook.id))).json()) as {
        deliveries: { id: number }[];
        nextBefore?: number;
      };
      expect(first.deliveries).toHaveLength(DELIVERIES_PAGE_SIZE);
      expect(first.deliveries.map((d) => d.id)).toEqual([...first.deliveries.map((d) => d.id)].sort((a, b) => b - a));
      const second = (await (await deliveriesRoute.GET(request(url(`/api/webhooks/${webhook.id}/deliveries?before=${first.nextBefore}`)), context(webhook.id))).json()) as {
        deliveries: { id: number }[];
        nextBefore?: number;
      };
      expect(second.deliveries).toHaveLength(2);
      expect(second.nextBefore).toBeUndefined();
      expect(Math.max(...second.deliveries.map((d) => d.id))).toBeLessThan(Math.min(...first.deliveries.map((d) => d.id)));
      await prisma.webhook.delete({ where: { id: webhook.id } });
    } finally {
      await receiver.close();
    }
  });
});
