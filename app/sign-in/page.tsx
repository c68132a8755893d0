import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { AuthCard } from "@/components/auth/auth-card";
import { safeNextPath } from "@/components/auth/safe-next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { hasAnyUser } from "@/lib/server/auth/first-admin";
import { currentUser } from "@/lib/server/auth/session";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  // a fresh studio has nobody to sign in as: the first visitor makes the admin
  if (!(await hasAnyUser())) redirect("/setup");
  if (await currentUser(await headers())) redirect(safeNextPath(next));
  return (
    <AuthCard title="Sign in" description="Accounts are made by an admin of this studio (Settings, People).">
      <SignInForm next={next ?? null} />
    </AuthCard>
  );
}
