import { RoleOnly } from "@/components/auth/role-only";
import { EndpointsManager } from "@/components/endpoints/endpoints-manager";
import { ApiTokens } from "@/components/settings/api-tokens";
import { LinkButton } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { listApiTokens } from "@/lib/server/auth/api-tokens";
import { publicUrl } from "@/lib/server/auth/origins";
import { asJson } from "@/lib/schemas/responses/json";
import { requirePageUser } from "@/lib/server/auth/session";
import { listEndpoints } from "@/lib/server/endpoints/queries";
import { secretKeyStatus } from "@/lib/server/endpoints/secret-box";

export const dynamic = "force-dynamic";
export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  // views only: an endpoint's key never reaches this page's props, just where it comes from; which
  // variable holds it, and whether CAI_SECRET_KEY is usable, only for an admin, who edits them
  const user = await requirePageUser();
  const [endpoints, tokens] = await Promise.all([listEndpoints(user.role), listApiTokens(user)]);
  return (
    <>
      <PageHeader
        title="Settings"
        description="The model endpoints runs call, their limits and whether they return log-probs (API keys stay on the server; only admins change them), and your API tokens."
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
      <Section title="API tokens" id="api-tokens">
        <ApiTokens initialTokens={asJson(tokens)} role={user.role} userId={user.id} origin={publicUrl()} />
      </Section>
    </>
  );
}
