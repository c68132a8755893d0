"use client";

import { createContext, useContext, type ReactNode } from "react";
import { roleAtLeast, type Role, type SessionUser } from "@/lib/auth/roles";

// The signed-in user for client components, so they can hide what the role cannot do (the
// server refuses it anyway). The root layout provides it; sign-in and sign-out are full page
// loads, so it is never stale about who is signed in.

const SessionUserContext = createContext<SessionUser | null>(null);

export function SessionUserProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  return <SessionUserContext.Provider value={user}>{children}</SessionUserContext.Provider>;
}

export function useSessionUser(): SessionUser | null {
  return useContext(SessionUserContext);
}

/** Whether the signed-in user's role is at least `min` (false when nobody is signed in). */
export function useRoleAtLeast(min: Role): boolean {
  return roleAtLeast(useSessionUser()?.role, min);
}
