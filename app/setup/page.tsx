import { notFound } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { hasAnyUser } from "@/lib/server/auth/first-admin";

export const dynamic = "force-dynamic";
export const metadata = { title: "Set up" };

// Only on a studio nobody has an account on yet; after the first admin exists, it is gone.
export default async function SetupPage() {
  if (await hasAnyUser()) notFound();
  return (
    <AuthCard title="Set up the studio" description="Nobody has an account yet. Make the first one: it is the admin, who then adds everyone else.">
      <SetupForm />
    </AuthCard>
  );
}
