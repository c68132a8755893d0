import { RoleOnly } from "@/components/auth/role-only";
import { EndpointsManager } from "@/components/endpoints/endpoints-manager";
import { LinkButton } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/server/auth/session";
import { listEndpoints } from "@/lib/server/endpoints/queries";
import { secretKeyStatus } from "@/lib/server/endpoints/secret-box";

export const dynamic = "force-dynamic";
export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  // views only: an endpoint's key never reaches this page's props, just where it comes from; which
  // variable holds it, and whether CAI_SECRET_KEY is usable, only for an admin, who edits them
  const user = await requirePageUser();
  const endpoints = await listEndpoints(user.role);
  return (
    <>
      <PageHeader
        title="Settings"
        description="The model endpoints runs call, their limits and whether they return log-probs. API keys stay on the server. Only admins change them."
        actions={
          <RoleOnly min="ADMIN">
            <LinkButton href="/settings/users" variant="secondary">
              People
            </LinkButton>
            <LinkButton href="/settings/webhooks" variant="secondary">
              Webhooks
            </LinkButton>
          </RoleOnly>
        }
      />
      <EndpointsManager initialEndpoints={endpoints} secretKey={user.role === "ADMIN" ? secretKeyStatus() : "missing"} />
    </>
  );
}
