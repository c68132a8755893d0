import Link from "next/link";
import { Section } from "@/components/ui/section";
import { PageHeader } from "@/components/ui/page-header";
import { NewUserForm } from "@/components/users/new-user-form";
import { UsersTable } from "@/components/users/users-table";
import { requirePageUser } from "@/lib/server/auth/session";
import { listUsers } from "@/lib/server/auth/users";

export const dynamic = "force-dynamic";
export const metadata = { title: "People" };

export default async function UsersPage() {
  const admin = await requirePageUser("ADMIN");
  const users = (await listUsers()).map((user) => ({ ...user, createdAt: user.createdAt.toISOString() }));
  return (
    <>
      <PageHeader
        title="People"
        description={
          <>
            Who may use the studio and what they may do. Every change is in the audit trail. <Link href="/settings">Endpoints</Link> are the other half of Settings.
          </>
        }
      />
      <Section title="Everyone">
        <UsersTable users={users} currentUserId={admin.id} />
      </Section>
      <Section title="Add someone">
        <NewUserForm />
      </Section>
    </>
  );
}
