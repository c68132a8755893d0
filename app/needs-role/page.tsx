import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { isRole, roleName } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/server/auth/session";

export const dynamic = "force-dynamic";
export const metadata = { title: "Needs another role" };

// Where requirePageUser sends someone whose role is too low for a page: which role it needs,
// which they have, and who can change it.
export default async function NeedsRolePage({ searchParams }: { searchParams: Promise<{ role?: string; from?: string }> }) {
  const user = await requirePageUser();
  const { role } = await searchParams;
  const needed = isRole(role) ? roleName(role) : "another";
  return (
    <EmptyState title={`This page needs the ${needed} role`}>
      <p>
        You are signed in as {user.email}, a {roleName(user.role)}. An admin can change your role in Settings, People. Go back to the <Link href="/datasets">datasets</Link>.
      </p>
    </EmptyState>
  );
}
