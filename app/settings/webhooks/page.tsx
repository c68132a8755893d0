import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { WebhooksManager } from "@/components/webhooks/webhooks-manager";
import { requirePageUser } from "@/lib/server/auth/session";
import { listWebhooks } from "@/lib/server/webhooks/queries";

export const dynamic = "force-dynamic";
export const metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  // admins only: a webhook's URL may hold its receiver's token; its secret never reaches any page
  await requirePageUser("ADMIN");
  const webhooks = (await listWebhooks()).map((webhook) => ({
    ...webhook,
    createdAt: webhook.createdAt.toISOString(),
    lastDelivery: webhook.lastDelivery && { ...webhook.lastDelivery, at: webhook.lastDelivery.at.toISOString() },
  }));
  return (
    <>
      <PageHeader
        title="Webhooks"
        description={
          <>
            Other systems told when runs, exports, imports and review queues finish. Every change is in the audit trail. <Link href="/settings">Endpoints</Link> and{" "}
            <Link href="/settings/users">people</Link> are the rest of Settings.
          </>
        }
      />
      <WebhooksManager initialWebhooks={webhooks} />
    </>
  );
}
