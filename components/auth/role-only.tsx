import "server-only";
import type { ReactNode } from "react";
import { roleAtLeast, type Role } from "@/lib/auth/roles";
import { signedInUser } from "@/lib/server/auth/session";

/**
 * For server components: renders its children only for a role of at least `min` (an Import button
 * for reviewers). Hiding is for the eye; the routes behind the buttons check the role themselves.
 */
export async function RoleOnly({ min, children, otherwise = null }: { min: Role; children: ReactNode; otherwise?: ReactNode }) {
  const user = await signedInUser();
  return <>{roleAtLeast(user?.role, min) ? children : otherwise}</>;
}
