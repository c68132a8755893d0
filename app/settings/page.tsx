import { RoleOnly } from "@/components/auth/role-only";
import { EndpointsManager } from "@/components/endpoints/endpoints-manager";
import { LinkButton } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { listEndpoints } from "@/lib/server/endpoints/queries";
import { secretKeyStatus } from "@/lib/server/endpoints/secret-box";

export const dynamic = "force-dynamic";
export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  // views only: an endpoint's key never reaches this page's props, just where it comes from
  const endpoints = await listEndpoints();
  return (
    <>
      <PageHeader
        title="Settings"
        description="The model endpoints runs call, their limits and whether they return log-probs. API keys stay on the server. Only admins change them."
        actions={
          <RoleOnly min="ADMIN">
            <LinkButton href="/settings/users" variant="secondary">People</LinkButton>
          </RoleOnly>
        }
      />
      <EndpointsManager initialEndpoints={endpoints} secretKey={secretKeyStatus()} />
    </>
  );
}
