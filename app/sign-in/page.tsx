import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { AuthCard } from "@/components/auth/auth-card";
import { FormError } from "@/components/auth/form-error";
import { safeNextPath } from "@/components/auth/safe-next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SsoButton } from "@/components/auth/sso-button";
import { ssoErrorMessage } from "@/lib/auth/sso-refusals";
import { hasAnyUser } from "@/lib/server/auth/first-admin";
import { currentUser } from "@/lib/server/auth/session";
import { signInMethods } from "@/lib/server/auth/sso-settings";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

// Email and password, single sign-on, or both, as the environment says (lib/server/auth/sso-settings.ts).
// A single sign-on that failed comes back here with ?error=<code>: the page says why in its own words.
export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  const { next, error } = await searchParams;
  // a fresh studio has nobody to sign in as: the first visitor makes the admin
  if (!(await hasAnyUser())) redirect("/setup");
  if (await currentUser(await headers())) redirect(safeNextPath(next));
  const methods = signInMethods();
  const description = methods.sso
    ? methods.password
      ? `Sign in with ${methods.sso.name}, or with the email and password an admin of this studio gave you.`
      : `Sign in with ${methods.sso.name}. The first time, you join as a viewer; an admin can give you more.`
    : "Accounts are made by an admin of this studio (Settings, People).";
  return (
    <AuthCard title="Sign in" description={description}>
      <div className="space-y-5">
        <FormError message={ssoErrorMessage(error)} />
        {methods.sso && <SsoButton providerId={methods.sso.providerId} name={methods.sso.name} next={next ?? null} primary={!methods.password} />}
        {methods.sso && methods.password && <p className="text-center text-sm text-stone-500">or</p>}
        {methods.password && <SignInForm next={next ?? null} />}
      </div>
    </AuthCard>
  );
}
